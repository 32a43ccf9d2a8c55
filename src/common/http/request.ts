import type { ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Request } from 'express';
import type { User } from '../../users/user.entity';

/** What the session guard established for this request. */
export interface RequestAuth {
  user: User;
  sessionId: string;
  /** The access token came from the cookie transport rather than an Authorization header. */
  viaCookie: boolean;
}

/** Resolvers read these through the param decorators only. */
export interface AuthenticatedRequest extends Request {
  /** Set by the session guard alone. */
  auth?: RequestAuth;
  /** Set by Passport alone: the user whose credentials `login` just checked. Never a session. */
  user?: User;
}

export function requestOf(context: ExecutionContext): AuthenticatedRequest {
  if (context.getType<string>() === 'graphql') {
    return GqlExecutionContext.create(context).getContext<{ req: AuthenticatedRequest }>().req;
  }
  return context.switchToHttp().getRequest<AuthenticatedRequest>();
}
