import { z } from 'zod';
import { appEnv } from './env.app';
import { authEnv, productionAuthEnv } from './env.auth';
import { databaseEnv } from './env.database';
import { identityEnv } from './env.identity';
import { mailEnv, productionMailEnv } from './env.mail';
import { securityEnv } from './env.security';
import { webauthnEnv } from './env.webauthn';

/**
 * The whole environment, one concern after another; the order is the order of the messages. Every
 * variable has a default or may be unset, except under NODE_ENV=production (below). Durations are
 * seconds and rates { limit, ttlMs } from here on, so nothing parses them later. Unknown variables
 * are ignored.
 */
export const envSchema = z.object({
  ...appEnv,
  ...securityEnv,
  ...databaseEnv,
  ...authEnv,
  ...mailEnv,
  ...identityEnv,
  ...webauthnEnv,
});

/** The same variables, where production demands more of some (same keys, same order: `extend` keeps it). */
export const productionEnvSchema = envSchema.extend({ ...productionAuthEnv, ...productionMailEnv });

export type Env = z.output<typeof envSchema>;

export const ENV_KEYS: readonly string[] = Object.keys(envSchema.shape);
