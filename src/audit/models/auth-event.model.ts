import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { AuthEventType } from '../auth-event.entity';

registerEnumType(AuthEventType, { name: 'AuthEventType' });

@ObjectType('AuthEvent')
export class AuthEventModel {
  @Field(() => ID)
  id!: string;

  @Field(() => AuthEventType)
  type!: AuthEventType;

  @Field()
  occurredAt!: Date;

  @Field(() => ID, { nullable: true })
  sessionId?: string | null;

  @Field(() => String, { nullable: true })
  ip?: string | null;

  @Field(() => String, { nullable: true })
  userAgent?: string | null;

  @Field(() => String, { nullable: true, description: 'E.g. the scope of a logout.' })
  detail?: string | null;
}

@ObjectType('AuthEventEdge')
export class AuthEventEdge {
  @Field()
  cursor!: string;

  @Field(() => AuthEventModel)
  node!: AuthEventModel;
}

@ObjectType('PageInfo')
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ObjectType('AuthEventConnection')
export class AuthEventConnection {
  @Field(() => [AuthEventEdge])
  edges!: AuthEventEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}
