import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { BadRequestError, type DomainError, PayloadTooLargeError } from '../errors/domain.errors';

const NOT_JSON = 'Request body is not valid JSON';
const ERRORS: Record<string, (limit: string) => DomainError> = {
  'entity.too.large': (limit) => new PayloadTooLargeError(`Request body is larger than ${limit}`),
  'entity.parse.failed': () => new BadRequestError(NOT_JSON),
  'encoding.unsupported': () => new BadRequestError(NOT_JSON),
  'charset.unsupported': () => new BadRequestError(NOT_JSON),
};

/**
 * JSON bodies up to `limit`. A body over it is refused (413) before anything, bcrypt above all,
 * runs; malformed JSON gets a 400. Both answer in GraphQL's error shape, never with a stack.
 */
export function jsonBody(limit: string): [RequestHandler, ErrorRequestHandler] {
  const onError: ErrorRequestHandler = (error: { type?: string; status?: number }, _req, res, next) => {
    const refused = error.type ? ERRORS[error.type]?.(limit) : undefined;
    if (!refused) return next(error);
    res
      .status(error.status ?? refused.httpStatus)
      .json({ errors: [{ message: refused.message, extensions: { code: refused.code } }] });
  };
  return [express.json({ limit }), onError];
}
