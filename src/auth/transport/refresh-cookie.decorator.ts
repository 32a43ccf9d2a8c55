import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { requestOf } from '../../common/http/request';
import { refreshTokenCookie } from './auth-cookies';

/** The refresh token the browser sent as a cookie, if any. */
export const RefreshCookie = createParamDecorator((_: unknown, context: ExecutionContext) => refreshTokenCookie(requestOf(context)));
