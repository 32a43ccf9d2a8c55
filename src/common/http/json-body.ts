import type { FastifyInstance } from 'fastify';
import { BadRequestError } from '../errors/domain.errors';

const UNIT_BYTES: Record<string, number> = { b: 1, kb: 1024, mb: 1024 * 1024 };

/** BODY_LIMIT ('100kb', '1mb', '512') as Fastify's bodyLimit, in bytes (a kb is 1024 of them). */
export function bodyLimitBytes(size: string): number {
  const match = /^(\d+)(b|kb|mb)?$/i.exec(size);
  if (!match) throw new Error(`BODY_LIMIT must be a size such as 100kb, not "${size}"`);
  return Number(match[1]) * UNIT_BYTES[(match[2] ?? 'b').toLowerCase()];
}

/**
 * JSON bodies up to Fastify's bodyLimit. Fastify refuses a larger one itself, before anything (bcrypt
 * above all) runs: its 413 reaches the exception filter as an HttpException, PAYLOAD_TOO_LARGE.
 * Malformed JSON is a 400 BAD_REQUEST. Both answer in GraphQL's error shape, never with a stack.
 */
export function readJsonBodies(fastify: FastifyInstance): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  // Fastify's own parser (which also refuses __proto__ keys), with its refusal in our words.
  fastify.addContentTypeParser<string>('application/json', { parseAs: 'string' }, (req, body, done) =>
    parse(req, body, (error, json) => done(error && new BadRequestError('Request body is not valid JSON'), json)),
  );
  // Any other type is left unread for Apollo to answer, its CSRF prevention first.
  fastify.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined));
}
