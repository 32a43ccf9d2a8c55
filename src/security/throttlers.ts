import { RequestContext } from '@mikro-orm/core';
import type { ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { normalizeIp, type ThrottlerOptions } from '@nestjs/throttler';
import { sha256Hex } from '../common/crypto/sha256';
import type { IncomingHttpHeaders } from 'node:http';
import { normalizeEmail } from '../common/validation';
import type { SecurityConfig } from '../config';
import { CREDENTIAL_MUTATIONS } from './credential-mutations';

type Req = { ip?: string; headers?: IncomingHttpHeaders; cookies?: Record<string, string | undefined> };
/** The account a valid access token names, or null. */
export type ViewerOf = (req: Req) => string | null;

export const fieldOf = (context: ExecutionContext) =>
  context.getType<string>() === 'graphql' ? GqlExecutionContext.create(context).getInfo<{ fieldName: string }>().fieldName : undefined;
const argsOf = (context: ExecutionContext) =>
  GqlExecutionContext.create(context).getArgs<{ input?: { email?: unknown }; email?: unknown; token?: string | null }>();
/** A throttler that counts only the named mutations (and nothing at all when limits are off). */
const onlyFor =
  (enabled: boolean) =>
  (...fields: string[]) => {
    // The guard skips anything outside CREDENTIAL_MUTATIONS before asking any limit.
    const outside = fields.filter((field) => !CREDENTIAL_MUTATIONS.has(field));
    if (outside.length) throw new Error(`rate-limited fields missing from CREDENTIAL_MUTATIONS: ${outside.join(', ')}`);
    return (context: ExecutionContext) => !enabled || !fields.includes(fieldOf(context) ?? '');
  };

// The socket's address unless TRUST_PROXY names the proxies to believe, so a forged header changes nothing.
// IPv6 addresses count per /64, as the throttler's own tracker does: one host has billions of them.
const byIp = (req: Req) => `ip:${req.ip ? normalizeIp(req.ip) : 'unknown'}`;

const byEmail = (_req: Req, context: ExecutionContext) => {
  const args = argsOf(context);
  const email = args.input?.email ?? args.email;
  return `email:${typeof email === 'string' ? normalizeEmail(email) : ''}`;
};

/** The address a mail goes to: the argument (a reset), or else the signed-in account's own (a verification). */
const byRecipient = (viewerOf: ViewerOf) => (req: Req, context: ExecutionContext) => {
  if (argsOf(context).email !== undefined) return byEmail(req, context);
  // The guard runs before the session check, so the token is verified here; a bad one counts by IP.
  const viewer = viewerOf(req);
  return viewer ? `user:${viewer}` : byIp(req);
};

/** Refresh tokens rotate on every use, so the limit follows the session they belong to. */
const bySession = (refreshCookie: string) => async (req: Req, context: ExecutionContext) => {
  // The token the resolver will spend: the argument, or else the configured refresh cookie.
  const token = argsOf(context).token ?? req.cookies?.[refreshCookie];
  if (!token) return byIp(req);
  const em = RequestContext.getEntityManager();
  const [row] = em ? await em.getConnection().execute<{ session_id: string }[]>('select session_id from refresh_tokens where token_hash = ?', [sha256Hex(token)]) : [];
  return row ? `session:${row.session_id}` : byIp(req);
};

/** The named limits; each counts only its own mutations. */
export function throttlers({ limits, rateLimitEnabled }: SecurityConfig, refreshCookie: string, viewerOf: ViewerOf): ThrottlerOptions[] {
  // A throttler's own skipIf replaces the module-wide one, so the switch lives in each.
  const only = onlyFor(rateLimitEnabled);
  return [
    { name: 'login-email', limit: limits.loginPerEmail.limit, ttl: limits.loginPerEmail.ttlMs, skipIf: only('login'), getTracker: byEmail },
    // Every credential check counts here: login, the re-checks of changePassword and deleteAccount,
    // and the redemption of an emailed token.
    {
      name: 'password-ip',
      limit: limits.loginPerIp.limit,
      ttl: limits.loginPerIp.ttlMs,
      skipIf: only('login', 'changePassword', 'deleteAccount', 'resetPassword', 'verifyEmail'),
      getTracker: byIp,
    },
    { name: 'signup-ip', limit: limits.signupPerIp.limit, ttl: limits.signupPerIp.ttlMs, skipIf: only('signup'), getTracker: byIp },
    {
      name: 'refresh-session',
      limit: limits.refreshPerSession.limit,
      ttl: limits.refreshPerSession.ttlMs,
      skipIf: only('refreshToken'),
      getTracker: bySession(refreshCookie),
    },
    // Requests that send mail: per recipient, so nobody's inbox can be flooded, and per IP.
    {
      name: 'mail-email',
      limit: limits.mailPerEmail.limit,
      ttl: limits.mailPerEmail.ttlMs,
      skipIf: only('requestPasswordReset', 'requestEmailVerification'),
      getTracker: byRecipient(viewerOf),
    },
    {
      name: 'mail-ip',
      limit: limits.mailPerIp.limit,
      ttl: limits.mailPerIp.ttlMs,
      skipIf: only('requestPasswordReset', 'requestEmailVerification'),
      getTracker: byIp,
    },
  ];
}
