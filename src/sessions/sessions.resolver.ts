import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Client, type ClientInfo } from '../common/decorators';
import type { User } from '../users';
import { CurrentSessionId, CurrentUser } from './guard/request-auth';
import { SessionModel } from './models/session.model';
import { SessionsService } from './sessions.service';

@Resolver(() => SessionModel)
export class SessionsResolver {
  constructor(private readonly service: SessionsService) {}

  @Query(() => [SessionModel], { description: "The viewer's live sessions, newest first." })
  sessions(@CurrentUser() user: User, @CurrentSessionId() sessionId: string): Promise<SessionModel[]> {
    return this.service.describe(user.id, sessionId);
  }

  @Mutation(() => Boolean, { description: "Ends one of the viewer's sessions." })
  revokeSession(
    @CurrentUser() user: User,
    @Args('id', { type: () => ID }) id: string,
    @Client() client: ClientInfo,
  ): Promise<boolean> {
    return this.service.revokeOwn(user.id, id, client);
  }
}
