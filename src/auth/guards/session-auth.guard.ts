import { type CanActivate, type ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { IS_PUBLIC_KEY } from '../../common/decorators';
import { type AuthenticatedRequest, requestOf } from '../../common/http/request';
import { SessionsService } from '../sessions.service';
import { TokensService } from '../tokens.service';
import { accessTokenCookie } from '../transport/auth-cookies';

const CHECKED = Symbol('sessionChecked');

/** The Authorization header when present (and then only it); otherwise the browser's access cookie. */
function accessToken(req: AuthenticatedRequest): string | null {
  if (req.headers.authorization === undefined) return accessTokenCookie(req) ?? null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization);
  return match ? match[1] : null;
}

/**
 * The before-request status check, global (APP_GUARD): every operation needs a live session
 * unless marked @Public(). The session is read from the database each time, so a logout on any
 * instance takes effect on the next request everywhere.
 */
@Injectable()
export class SessionAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokensService,
    private readonly sessions: SessionsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;

    const req = requestOf(context) as AuthenticatedRequest & { [CHECKED]?: true };
    // Several root fields in one operation share one check.
    if (req[CHECKED]) return true;

    const token = accessToken(req);
    if (!token) throw new UnauthorizedException('Authentication required');
    const claims = this.tokens.verifyAccessToken(token);
    const session = await this.sessions.findLive(claims.sid, claims.sub);
    if (!session) throw new UnauthorizedException('Session has ended; sign in again');
    await this.sessions.touch(session);

    req.user = session.user;
    req.sessionId = session.id;
    req[CHECKED] = true;
    return true;
  }
}
