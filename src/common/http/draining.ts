import type { RequestHandler } from 'express';

/** Set once a shutdown has begun. */
export const draining = { on: false };

/**
 * While draining, every response (in flight or not) tells the client to close its connection, so
 * nobody sends a next request down a keep-alive socket that is about to disappear.
 */
export const closeConnectionsWhenDraining: RequestHandler = (_req, res, next) => {
  const writeHead = res.writeHead.bind(res);
  res.writeHead = ((...args: Parameters<typeof writeHead>) => {
    if (draining.on && !res.headersSent) res.setHeader('connection', 'close');
    return writeHead(...args);
  }) as typeof res.writeHead;
  next();
};
