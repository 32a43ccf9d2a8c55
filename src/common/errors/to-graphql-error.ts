import { ConnectionException, DriverException } from '@mikro-orm/core';
import { HttpException, Logger } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { DomainError, ServiceUnavailableError } from './domain.errors';
import { HTTP_STATUS_CODES, INTERNAL_MESSAGE, PUBLIC_ERROR_CODES } from './error-codes';

const logger = new Logger('Errors');

/**
 * The one place where a thrown value becomes what a client sees. Known failures keep their
 * message and get a code; everything else is logged in full and answered generically.
 */
export function toGraphQLError(thrown: unknown): GraphQLError {
  let exception = thrown;
  if (isDatabaseUnavailable(exception)) {
    logger.error(`database unavailable: ${describeForLog(exception).split('\n')[0]}`);
    exception = new ServiceUnavailableError();
  }
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
  logger.error(describeForLog(cause));
  return new GraphQLError(INTERNAL_MESSAGE, { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
}

/**
 * A driver error's message holds the SQL with its values inlined, and its `detail` may hold a whole
 * row (password hashes among them), so only its class, SQLSTATE, table, constraint and stack frames
 * are logged.
 */
export function describeForLog(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  if (!(cause instanceof DriverException)) return cause.stack ?? cause.message;
  const frames = (cause.stack ?? '').split('\n').filter((line) => line.trim().startsWith('at '));
  const { table, constraint } = cause as { table?: string; constraint?: string };
  const detail = [
    cause.name,
    cause.code && `[${cause.code}]`,
    table && `table=${table}`,
    constraint && `constraint=${constraint}`,
  ]
    .filter(Boolean)
    .join(' ');
  return [detail, ...frames].join('\n');
}

const UNAVAILABLE_CODES = new Set([
  ...['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND'],
  // admin shutdown, crash shutdown, cannot connect now, too many connections
  ...['57P01', '57P02', '57P03', '53300'],
  // statement_timeout, lock_timeout, serialization failure, deadlock: a retry may well succeed
  ...['57014', '55P03', '40001', '40P01'],
]);
const UNAVAILABLE_MESSAGES =
  /^(Knex: )?(Timeout acquiring a connection|Unable to acquire a connection|Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error)/i;

/** The database is down, restarting, unreachable, hung or overloaded: retry later; the request was fine. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error instanceof ConnectionException) return true;
  const code = (error as { code?: string }).code;
  if (code && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
  // A driver error's message starts with the SQL (and the values in it); only the driver's own words count.
  const separator = error.message.lastIndexOf(' - ');
  const own = separator < 0 ? error.message : error.message.slice(separator + 3);
  return error.name === 'KnexTimeoutError' || UNAVAILABLE_MESSAGES.test(own);
}
