import { HttpException, Logger } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { DomainError } from './domain.errors';
import { HTTP_STATUS_CODES, INTERNAL_MESSAGE, PUBLIC_ERROR_CODES } from './error-codes';

const logger = new Logger('Errors');

/**
 * The one place where a thrown value becomes what a client sees. Known failures keep their
 * message and get a code; everything else is logged in full and answered generically.
 */
export function toGraphQLError(exception: unknown): GraphQLError {
  if (exception instanceof DomainError) {
    return new GraphQLError(exception.message, { extensions: { code: exception.code, ...exception.details } });
  }
  if (exception instanceof HttpException) {
    const code = HTTP_STATUS_CODES[exception.getStatus()];
    if (code) return new GraphQLError(exception.message, { extensions: { code } });
  }
  const code = exception instanceof GraphQLError ? String(exception.extensions.code) : '';
  if (exception instanceof GraphQLError && code !== 'INTERNAL_SERVER_ERROR' && PUBLIC_ERROR_CODES.has(code)) {
    return exception;
  }
  return internalError(exception);
}

export function internalError(cause: unknown): GraphQLError {
  logger.error(cause instanceof Error ? (cause.stack ?? cause.message) : String(cause));
  return new GraphQLError(INTERNAL_MESSAGE, { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
}
