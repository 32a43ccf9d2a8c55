import type { ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { FastifyRequest } from 'fastify';

/**
 * The HTTP request behind a resolver or a controller. Features that put something on the request
 * (the session guard, Passport) name their own request type.
 */
export function requestOf<R extends FastifyRequest = FastifyRequest>(context: ExecutionContext): R {
  if (context.getType<string>() === 'graphql') {
    return GqlExecutionContext.create(context).getContext<{ req: R }>().req;
  }
  return context.switchToHttp().getRequest<R>();
}
