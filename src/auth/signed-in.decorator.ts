import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { UnauthenticatedError } from '../common/errors';
import { requestOf } from '../common/http/request';
import type { SignedIn } from './login.service';

export interface SignInRequest extends FastifyRequest {
  /** Set by Passport alone: the sign-in the local strategy just completed. Never the request's session. */
  user?: SignedIn;
}

/**
 * The sign-in `login`'s strategy just completed (who, and the new session's tokens). Kept apart from
 * the session guard's CurrentUser, so a `login` field can never change who the operation's other
 * fields act for.
 */
export const SignedInWith = createParamDecorator((_: unknown, context: ExecutionContext): SignedIn => {
  const signedIn = requestOf<SignInRequest>(context).user;
  if (!signedIn) throw new UnauthenticatedError('Authentication required');
  return signedIn;
});
