import { ENV_KEYS, type Env } from './env.schema';
import { validateEnv } from './env.validation';

let last: { fingerprint: string; env: Env } | undefined;

/**
 * process.env, validated, for the config namespaces: the five of a boot share one validation. A
 * test process boots apps with different variables (test/helpers/app.ts), so the result is reused
 * only while every variable of the schema has the value it was validated with.
 */
export function loadEnv(): Env {
  const fingerprint = JSON.stringify(ENV_KEYS.map((key) => process.env[key] ?? null));
  if (last?.fingerprint !== fingerprint) {
    last = { fingerprint, env: validateEnv(process.env) };
  }
  // A copy each time, as when every namespace validated for itself: no namespace shares a
  // CORS list or a rate object that a consumer could change under another boot.
  return structuredClone(last.env);
}
