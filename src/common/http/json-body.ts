import express, { type ErrorRequestHandler, type RequestHandler } from 'express';

const CODES: Record<string, string> = {
  'entity.too.large': 'PAYLOAD_TOO_LARGE',
  'entity.parse.failed': 'BAD_REQUEST',
  'encoding.unsupported': 'BAD_REQUEST',
  'charset.unsupported': 'BAD_REQUEST',
};

/**
 * JSON bodies up to `limit`. A body over it is refused (413) before anything, bcrypt above all,
 * runs; malformed JSON gets a 400. Both answer in GraphQL's error shape, never with a stack.
 */
export function jsonBody(limit: string): [RequestHandler, ErrorRequestHandler] {
  const onError: ErrorRequestHandler = (error: { type?: string; status?: number }, _req, res, next) => {
    const code = error.type ? CODES[error.type] : undefined;
    if (!code) return next(error);
    const message = code === 'PAYLOAD_TOO_LARGE' ? `Request body is larger than ${limit}` : 'Request body is not valid JSON';
    res.status(error.status ?? 400).json({ errors: [{ message, extensions: { code } }] });
  };
  return [express.json({ limit }), onError];
}
