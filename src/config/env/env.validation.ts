import type { z } from 'zod';
import { incompleteProviders } from './env.identity';
import { ENV_KEYS, envSchema, productionEnvSchema, type Env } from './env.schema';

export { envSchema, type Env } from './env.schema';
export type { RateLimit } from './rate';

/**
 * Returns the validated, converted environment, or throws naming every bad variable:
 * `Invalid configuration: "PORT" must be a number; "JWT_SECRET" is required when NODE_ENV=production …`.
 */
export function validateEnv(raw: Record<string, unknown>): Env {
  const schema = raw.NODE_ENV === 'production' ? productionEnvSchema : envSchema;
  const result = schema.safeParse(raw);
  if (!result.success) {
    throw new Error(`Invalid configuration: ${result.error.issues.map(describe).join('; ')}`);
  }
  const incomplete = incompleteProviders(result.data);
  if (incomplete.length) throw new Error(`Invalid configuration: ${incomplete.join('; ')}`);
  // Other variables pass through untouched, for callers that want the whole environment back.
  return { ...withoutKeys(raw, ENV_KEYS), ...result.data };
}

function describe(issue: z.core.$ZodIssue): string {
  return issue.path.length ? `"${issue.path.join('.')}" ${issue.message}` : issue.message;
}

function withoutKeys(raw: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const known = new Set(keys);
  return Object.fromEntries(Object.entries(raw).filter(([key]) => !known.has(key)));
}
