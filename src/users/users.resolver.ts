import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser } from '../common/decorators';
import { UpdateProfileInput } from './dto/update-profile.input';
import { UserModel } from './models/user.model';
import type { User } from './user.entity';
import { UsersService } from './users.service';

@Resolver(() => UserModel)
export class UsersResolver {
  constructor(private readonly users: UsersService) {}

  @Query(() => UserModel, { nullable: true, description: 'The signed-in user.' })
  viewer(@CurrentUser() user: User): User {
    return user;
  }

  @Mutation(() => UserModel, { description: "Changes the viewer's name." })
  updateProfile(@CurrentUser() user: User, @Args('input') input: UpdateProfileInput): Promise<User> {
    return this.users.rename(user, input.name);
  }
}
