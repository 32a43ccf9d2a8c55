import { Field, ObjectType } from '@nestjs/graphql';
import { type User, UserModel } from '../../users';

@ObjectType('AuthPayload')
export class AuthPayloadModel {
  @Field(() => String, {
    nullable: true,
    description: 'Send as `Authorization: Bearer <accessToken>`; null when sent as a cookie.',
  })
  accessToken!: string | null;

  @Field()
  accessTokenExpiresAt!: Date;

  @Field(() => String, {
    nullable: true,
    description: 'Spend with `refreshToken(token:)`; null when sent as a cookie.',
  })
  refreshToken!: string | null;

  @Field()
  refreshTokenExpiresAt!: Date;

  @Field(() => UserModel)
  user!: User;
}
