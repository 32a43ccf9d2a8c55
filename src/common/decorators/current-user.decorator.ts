import { createParamDecorator, type ExecutionContext, UnauthorizedException } from '@nestjs/common';
import type { User } from '../../users/user.entity';
import { type RequestAuth, requestOf } from '../http/request';

function authOf(context: ExecutionContext): RequestAuth {
  const auth = requestOf(context).auth;
  if (!auth) throw new UnauthorizedException('Authentication required');
  return auth;
}

/** The user of the session the session guard checked for this request. */
export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext): User => authOf(context).user);

/** The id of the session the request's access token belongs to. */
export const CurrentSessionId = createParamDecorator((_: unknown, context: ExecutionContext): string => authOf(context).sessionId);

/**
 * The user whose email and password the login strategy just checked. Kept apart from the session
 * so a `login` field can never change who the operation's other fields act for.
 */
export const CredentialsUser = createParamDecorator((_: unknown, context: ExecutionContext): User => {
  const user = requestOf(context).user;
  if (!user) throw new UnauthorizedException('Authentication required');
  return user;
});
