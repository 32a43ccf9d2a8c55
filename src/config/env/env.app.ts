import { z } from 'zod';
import { flag, integer, oneOf, port, reject, text } from './env.fields';

const ORIGIN = /^https?:\/\/[^/\s]+$/;

/** A credentialed CORS allowlist: exact origins only, never "*". */
function parseOrigins(value: string, ctx: z.RefinementCtx<string>): string[] {
  const origins = value
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  const bad = origins.find((origin) => origin === '*' || !ORIGIN.test(origin));
  if (bad === undefined) return origins;
  const expected = 'must be a comma-separated list of origins such as https://app.example.com (no wildcard)';
  return reject(ctx, value, `${expected}: "${bad}"`);
}

/** The process and its HTTP surface (app.config.ts). */
export const appEnv = {
  NODE_ENV: oneOf(['development', 'production', 'test']).default('development'),
  PORT: port().default(3000),
  HOST: text().default('0.0.0.0'),
  SHUTDOWN_TIMEOUT_MS: integer(0, 600_000).default(10_000),
  LOG_LEVEL: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  BODY_LIMIT: text()
    .regex(/^\d+(b|kb|mb)?$/i, 'must be a size such as 100kb')
    .default('100kb'),
  // Unset: on everywhere but production (app.config.ts decides).
  GRAPHQL_INTROSPECTION: flag().optional(),
  // Unset: GraphiQL at GET /graphql everywhere but production (app.config.ts decides).
  GRAPHQL_PLAYGROUND: flag().optional(),
  CORS_ORIGINS: z.string({ error: 'must be a string' }).transform(parseOrigins).default([]),
};
