import { Query, Resolver } from '@nestjs/graphql';
import { CurrentUser } from '../common/decorators';
import { UserModel } from './models/user.model';
import type { User } from './user.entity';

@Resolver(() => UserModel)
export class UsersResolver {
  @Query(() => UserModel, { nullable: true, description: 'The signed-in user.' })
  viewer(@CurrentUser() user: User): User {
    return user;
  }
}
