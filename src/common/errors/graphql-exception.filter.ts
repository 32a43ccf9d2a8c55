import { type ArgumentsHost, Catch, HttpException } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import type { Response } from 'express';
import { toGraphQLError } from './to-graphql-error';

/** Every exception from a guard, pipe or resolver passes here on its way to the client. */
@Catch()
export class GraphQLExceptionFilter implements GqlExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost) {
    const error = toGraphQLError(exception);
    if (host.getType<string>() === 'graphql') return error;
    // Plain HTTP routes (unknown paths, later health checks) answer in the shape GraphQL clients know.
    const status = exception instanceof HttpException ? exception.getStatus() : error.extensions.code === 'INTERNAL_SERVER_ERROR' ? 500 : 400;
    host.switchToHttp().getResponse<Response>().status(status).json({ errors: [error.toJSON()] });
  }
}
