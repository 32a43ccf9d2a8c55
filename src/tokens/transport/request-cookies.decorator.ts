import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { requestOf } from '../../common/http/request';
import type { Cookies } from './auth-cookies';

/** The cookies the client sent (parsed by @fastify/cookie); AuthCookies knows which ones count. */
export const RequestCookies = createParamDecorator(
  (_: unknown, context: ExecutionContext): Cookies => requestOf(context).cookies,
);
