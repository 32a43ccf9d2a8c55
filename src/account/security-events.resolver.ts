import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { AuditService, AuthEventConnection } from '../audit';
import { CurrentUser } from '../sessions';
import type { User } from '../users';

@Resolver()
export class SecurityEventsResolver {
  constructor(private readonly audit: AuditService) {}

  @Query(() => AuthEventConnection, { description: "The viewer's security events, newest first." })
  securityEvents(
    @CurrentUser() user: User,
    @Args('first', { type: () => Int, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<AuthEventConnection> {
    return this.audit.page(user.id, first, after);
  }
}
