import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Request, Response } from 'express';
import { map, type Observable, tap } from 'rxjs';
import type { AuthPayloadModel } from '../models/auth-payload.model';
import { LogoutScope } from '../dto/logout-scope.enum';
import { AuthCookies } from './auth-cookies';

const httpOf = (context: ExecutionContext) => GqlExecutionContext.create(context).getContext<{ req: Request; res: Response }>();

/** On mutations that return tokens: moves them into cookies when the client asked for that. */
@Injectable()
export class TokenCookiesInterceptor implements NestInterceptor {
  constructor(private readonly cookies: AuthCookies) {}

  intercept(context: ExecutionContext, next: CallHandler<AuthPayloadModel>): Observable<AuthPayloadModel> {
    const { req, res } = httpOf(context);
    if (!this.cookies.wanted(req)) return next.handle();
    return next.handle().pipe(map((payload) => this.cookies.deliver(res, payload)));
  }
}

/** On mutations that end this browser's session (logout CURRENT or ALL, deleteAccount): clears the cookies. */
@Injectable()
export class ClearCookiesInterceptor implements NestInterceptor {
  constructor(private readonly cookies: AuthCookies) {}

  intercept(context: ExecutionContext, next: CallHandler<boolean>): Observable<boolean> {
    const { res } = httpOf(context);
    const { scope } = GqlExecutionContext.create(context).getArgs<{ scope?: LogoutScope }>();
    // logout(scope: OTHERS) keeps this session, so it keeps its cookies.
    if (scope === LogoutScope.OTHERS) return next.handle();
    return next.handle().pipe(tap(() => this.cookies.clear(res)));
  }
}
