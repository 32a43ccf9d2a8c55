import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { UnauthenticatedError } from '../common/errors';
import { requestOf } from '../common/http/request';
import type { User } from '../users';

export interface CredentialsRequest extends FastifyRequest {
  /** Set by Passport alone: the user whose credentials `login` just checked. Never a session. */
  user?: User;
}

/**
 * The user whose email and password the login strategy just checked. Kept apart from the session
 * (CurrentUser) so a `login` field can never change who the operation's other fields act for.
 */
export const CredentialsUser = createParamDecorator((_: unknown, context: ExecutionContext): User => {
  const user = requestOf<CredentialsRequest>(context).user;
  if (!user) throw new UnauthenticatedError('Authentication required');
  return user;
});
