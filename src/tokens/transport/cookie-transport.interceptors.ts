import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { catchError, map, type Observable, tap } from 'rxjs';
import { UnauthenticatedError } from '../../common/errors';
import type { AuthPayloadModel } from '../models/auth-payload.model';
import { AuthCookies } from './auth-cookies';

/** What the session guard notes on a request it authenticated: whether the token came as a cookie. */
type TransportRequest = FastifyRequest & { auth?: { viaCookie: boolean } };

const gqlOf = (context: ExecutionContext) => {
  const gql = GqlExecutionContext.create(context);
  const { req, res } = gql.getContext<{ req: TransportRequest; res: FastifyReply }>();
  return { req, res, args: gql.getArgs<Record<string, unknown>>() };
};

/**
 * On mutations that return tokens. Tokens go out as cookies when the client asks for the cookie
 * transport, and whenever the request itself was authenticated by a cookie: a script must never be
 * able to trade an HttpOnly cookie for readable tokens.
 */
@Injectable()
export class TokenCookiesInterceptor implements NestInterceptor {
  constructor(private readonly cookies: AuthCookies) {}

  intercept(context: ExecutionContext, next: CallHandler<AuthPayloadModel>): Observable<AuthPayloadModel> {
    const { req, res, args } = gqlOf(context);
    const refreshFromCookie =
      args.token == null && this.cookies.refreshToken(req.cookies) !== undefined && isRefresh(context);
    if (!this.cookies.requested(req.headers) && !req.auth?.viaCookie && !refreshFromCookie) return next.handle();
    return next.handle().pipe(
      map((payload) => this.cookies.deliver(res, payload)),
      catchError((error: unknown) => {
        // A refresh cookie that was refused is dead: drop it rather than send it again and again.
        if (refreshFromCookie && error instanceof UnauthenticatedError) this.cookies.clear(res);
        throw error;
      }),
    );
  }
}

const isRefresh = (context: ExecutionContext) =>
  GqlExecutionContext.create(context).getInfo<{ fieldName: string }>().fieldName === 'refreshToken';

/**
 * On mutations that end this browser's session (deleteAccount, logout): clears the cookies once the
 * mutation has succeeded. A mutation that may leave this session alive says when in `keepsSession`.
 */
@Injectable()
export class ClearCookiesInterceptor implements NestInterceptor {
  constructor(private readonly cookies: AuthCookies) {}

  intercept(context: ExecutionContext, next: CallHandler<boolean>): Observable<boolean> {
    const { res, args } = gqlOf(context);
    if (this.keepsSession(args)) return next.handle();
    return next.handle().pipe(tap(() => this.cookies.clear(res)));
  }

  protected keepsSession(_args: Record<string, unknown>): boolean {
    return false;
  }
}
