import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { UnauthenticatedError } from '../../common/errors';
import { requestOf } from '../../common/http/request';
import type { User } from '../../users';

/** What the session guard established for this request. */
export interface RequestAuth {
  user: User;
  sessionId: string;
  /** The access token came from the cookie transport rather than an Authorization header. */
  viaCookie: boolean;
}

/** Resolvers read it through the param decorators below only. */
export interface AuthenticatedRequest extends FastifyRequest {
  /** Set by the session guard alone. */
  auth?: RequestAuth;
}

function authOf(context: ExecutionContext): RequestAuth {
  const auth = requestOf<AuthenticatedRequest>(context).auth;
  if (!auth) throw new UnauthenticatedError('Authentication required');
  return auth;
}

/** The user of the session the session guard checked for this request. */
export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext): User => authOf(context).user);

/** The id of the session the request's access token belongs to. */
export const CurrentSessionId = createParamDecorator(
  (_: unknown, context: ExecutionContext): string => authOf(context).sessionId,
);
