import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser } from '../sessions';
import { type User, UserModel } from '../users';
import { AccountService } from './account.service';
import { UpdateProfileInput } from './dto/update-profile.input';

@Resolver(() => UserModel)
export class ViewerResolver {
  constructor(private readonly account: AccountService) {}

  @Query(() => UserModel, { nullable: true, description: 'The signed-in user.' })
  viewer(@CurrentUser() user: User): User {
    return user;
  }

  @Mutation(() => UserModel, { description: "Changes the viewer's name." })
  updateProfile(@CurrentUser() user: User, @Args('input') input: UpdateProfileInput): Promise<User> {
    return this.account.rename(user, input.name);
  }
}
