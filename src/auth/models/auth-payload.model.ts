import { Field, ObjectType } from '@nestjs/graphql';
import { UserModel } from '../../users/models/user.model';
import type { User } from '../../users/user.entity';

@ObjectType('AuthPayload')
export class AuthPayloadModel {
  @Field(() => String, { nullable: true, description: 'Send as `Authorization: Bearer <accessToken>`.' })
  accessToken!: string | null;

  @Field()
  accessTokenExpiresAt!: Date;

  @Field(() => UserModel)
  user!: User;
}
