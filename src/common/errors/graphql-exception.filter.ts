import { type ArgumentsHost, Catch, HttpException, ServiceUnavailableException } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import type { FastifyReply } from 'fastify';
import { DomainError } from './domain.errors';
import { toGraphQLError } from './to-graphql-error';

/** Every exception from a guard, pipe or resolver passes here on its way to the client. */
@Catch()
export class GraphQLExceptionFilter implements GqlExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost) {
    if (host.getType<string>() === 'graphql') return toGraphQLError(exception);
    const res = host.switchToHttp().getResponse<FastifyReply>();
    // The readiness check's 503 carries terminus's report of what is down: keep it.
    if (exception instanceof ServiceUnavailableException) return res.code(503).send(exception.getResponse());
    const error = toGraphQLError(exception);
    const status =
      exception instanceof HttpException
        ? exception.getStatus()
        : exception instanceof DomainError
          ? exception.httpStatus
          : error.extensions.code === 'INTERNAL_SERVER_ERROR'
            ? 500
            : 400;
    return res.code(status).send({ errors: [error.toJSON()] });
  }
}
