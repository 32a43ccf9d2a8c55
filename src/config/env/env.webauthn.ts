import { z } from 'zod';
import { optional, reject, text, withDefault } from './env.fields';

// A host name as the browser compares it: lower case, dot-separated labels, no scheme, port or path.
const HOST = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;
const ORIGIN = /^https?:\/\/[^/\s?#]+$/;

const rpId = text().regex(HOST, 'must be a host name such as example.com (no scheme, port or path)');

/** Exact origins, as browsers write them into clientDataJSON: scheme, host and port, no path. */
function parseOrigins(value: string, ctx: z.RefinementCtx<string>): string[] {
  const origins = value
    .split(',')
    .map((origin) => origin.trim().replace(/\/+$/, ''))
    .filter(Boolean);
  const bad = origins.find((origin) => !ORIGIN.test(origin));
  if (origins.length && bad === undefined) return origins;
  const expected = 'must be a comma-separated list of origins such as https://app.example.com';
  return reject(ctx, value, bad === undefined ? expected : `${expected}: "${bad}"`);
}

/** Passkeys' relying party (webauthn.config.ts fills the defaults from APP_URL and checks they agree). */
export const webauthnEnv = {
  WEBAUTHN_RP_ID: optional(rpId),
  WEBAUTHN_RP_NAME: withDefault(text().max(64, 'length must be less than or equal to 64 characters long'), 'Doorman'),
  WEBAUTHN_ORIGINS: optional(z.string({ error: 'must be a string' }).transform(parseOrigins)),
};
