import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { IS_PUBLIC_KEY } from '../../common/decorators';
import { UnauthenticatedError } from '../../common/errors';
import { requestOf } from '../../common/http/request';
import { accessTokenOf, AuthCookies, TokensService } from '../../tokens';
import { userOf } from '../../users';
import { SessionsService } from '../sessions.service';
import type { AuthenticatedRequest } from './request-auth';

/**
 * The before-request status check, global (APP_GUARD): every operation needs a live session
 * unless marked @Public(). The database is the source of truth: a session is read from it, or from
 * a cache that every instance empties of a session the moment the database announces its change
 * (see SessionCache), so a logout on any instance takes effect on the next request everywhere.
 */
@Injectable()
export class SessionAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokensService,
    private readonly sessions: SessionsService,
    private readonly cookies: AuthCookies,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;

    const req = requestOf<AuthenticatedRequest>(context);
    // Several root fields in one operation share one check.
    if (req.auth) return true;

    const given = accessTokenOf(req, this.cookies.accessName);
    if (!given) throw new UnauthenticatedError('Authentication required');
    const claims = this.tokens.verifyAccessToken(given.token);
    const session = await this.sessions.findLive(claims.sid, claims.sub);
    if (!session) throw new UnauthenticatedError('Session has ended; sign in again');
    await this.sessions.touch(session);

    req.auth = { user: userOf(session.user), sessionId: session.sessionId, viaCookie: given.viaCookie };
    return true;
  }
}
