import { createParamDecorator, type ExecutionContext, UnauthorizedException } from '@nestjs/common';
import type { User } from '../../users/user.entity';
import { requestOf } from '../http/request';

/** The user the session guard (or the login strategy) authenticated for this request. */
export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext): User => {
  const user = requestOf(context).user;
  if (!user) throw new UnauthorizedException('Authentication required');
  return user;
});

/** The id of the session the request's access token belongs to. */
export const CurrentSessionId = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const sessionId = requestOf(context).sessionId;
  if (!sessionId) throw new UnauthorizedException('Authentication required');
  return sessionId;
});
