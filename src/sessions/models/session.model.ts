import { Field, ID, ObjectType } from '@nestjs/graphql';
import { AuthMethod } from '../auth-method';

@ObjectType('Session')
export class SessionModel {
  @Field(() => ID)
  id!: string;

  @Field()
  createdAt!: Date;

  @Field()
  lastSeenAt!: Date;

  @Field({ description: 'When the session ends if unused: the idle limit or the absolute limit, whichever is first.' })
  expiresAt!: Date;

  @Field(() => String, { nullable: true })
  userAgent!: string | null;

  @Field(() => String, { nullable: true })
  ip!: string | null;

  @Field({ description: 'True for the session making this request.' })
  current!: boolean;

  @Field(() => [AuthMethod], { description: 'How this session was signed in.' })
  authMethods!: AuthMethod[];
}
