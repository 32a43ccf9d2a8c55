import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType('User')
export class UserModel {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field()
  email!: string;

  @Field({ description: 'Whether the person has followed a verification link sent to this address.' })
  emailVerified!: boolean;

  @Field()
  createdAt!: Date;
}
