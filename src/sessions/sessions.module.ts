import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { TokensModule } from '../tokens';
import { SessionCache } from './cache/session-cache';
import { SessionInvalidationListener } from './cache/session-invalidation.listener';
import { SessionAuthGuard } from './guard/session-auth.guard';
import { RefreshToken } from './refresh/refresh-token.entity';
import { RefreshTokensService } from './refresh/refresh-tokens.service';
import { Session } from './session.entity';
import { SessionIssuer } from './session-issuer';
import { SessionsResolver } from './sessions.resolver';
import { SessionsService } from './sessions.service';

/**
 * Signed-in devices: starting a session (SessionIssuer), its refresh chain, the live-session lookup
 * and its cache, ending sessions, and the global guard that sets the request's auth (CurrentUser).
 */
@Module({
  imports: [TokensModule, AuditModule, MikroOrmModule.forFeature([Session, RefreshToken])],
  providers: [
    SessionsService,
    SessionIssuer,
    RefreshTokensService,
    SessionCache,
    SessionInvalidationListener,
    SessionAuthGuard,
    SessionsResolver,
  ],
  exports: [SessionsService, SessionIssuer, SessionAuthGuard],
})
export class SessionsModule {}
