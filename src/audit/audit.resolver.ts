import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser } from '../common/decorators';
import type { User } from '../users/user.entity';
import { AuditService } from './audit.service';
import { AuthEventConnection } from './models/auth-event.model';

@Resolver()
export class AuditResolver {
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
