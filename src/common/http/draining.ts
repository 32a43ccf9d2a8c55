import type { FastifyInstance } from 'fastify';

/** Set once a shutdown has begun. */
export const draining = { on: false };

/**
 * While draining, every response (in flight or not) tells the client to close its connection, so
 * nobody sends a next request down a keep-alive socket that is about to disappear.
 */
export function closeConnectionsWhenDraining(fastify: FastifyInstance): void {
  fastify.addHook('onSend', (_req, reply, payload, done) => {
    if (draining.on) void reply.header('connection', 'close');
    done(null, payload);
  });
}
