import { RequestContext } from '@mikro-orm/core';
import type { ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { normalizeIp, type ThrottlerOptions } from '@nestjs/throttler';
import { sha256Hex } from '../common/crypto/sha256';
import type { IncomingHttpHeaders } from 'node:http';
import { normalizeEmail } from '../common/validation';
import type { RateLimit, SecurityConfig } from '../config';
import { Limit, RATE_LIMITS_KEY } from './rate-limit.decorators';

type Req = { ip?: string; headers?: IncomingHttpHeaders; cookies?: Record<string, string | undefined> };
/** The account a valid access token names, or null. */
export type ViewerOf = (req: Req) => string | null;

const argsOf = (context: ExecutionContext) =>
  GqlExecutionContext.create(context).getArgs<{
    input?: { email?: unknown };
    email?: unknown;
    token?: string | null;
  }>();
/** The limits the operation's resolver (or controller) method declares with @RateLimit / @CredentialMutation. */
export const limitsOf = (context: ExecutionContext): readonly Limit[] =>
  (Reflect.getMetadata(RATE_LIMITS_KEY, context.getHandler()) as Limit[] | undefined) ?? [];

/** A throttler that counts only the operations that declare it (and nothing at all when limits are off). */
const declaredBy = (enabled: boolean, name: Limit) => (context: ExecutionContext) =>
  !enabled || !limitsOf(context).includes(name);

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
  const sql = 'select session_id from refresh_tokens where token_hash = ?';
  // The connection's execute() is typed `any` whatever its type argument: say what the row is.
  const rows = em ? ((await em.getConnection().execute(sql, [sha256Hex(token)])) as { session_id: string }[]) : [];
  const [row] = rows;
  return row ? `session:${row.session_id}` : byIp(req);
};

/** The named limits; each counts only the operations that declare it. */
export function throttlers(
  { limits, rateLimitEnabled }: SecurityConfig,
  refreshCookie: string,
  viewerOf: ViewerOf,
): ThrottlerOptions[] {
  // A throttler's own skipIf replaces the module-wide one, so the switch lives in each.
  const limit = (name: Limit, rate: RateLimit, getTracker: ThrottlerOptions['getTracker']): ThrottlerOptions => ({
    name,
    limit: rate.limit,
    ttl: rate.ttlMs,
    skipIf: declaredBy(rateLimitEnabled, name),
    getTracker,
  });
  return [
    limit(Limit.LOGIN_PER_EMAIL, limits.loginPerEmail, byEmail),
    // Every credential check counts here: login, the re-checks of changePassword and deleteAccount,
    // and the redemption of an emailed token.
    limit(Limit.CREDENTIAL_PER_IP, limits.loginPerIp, byIp),
    limit(Limit.SIGNUP_PER_IP, limits.signupPerIp, byIp),
    limit(Limit.REFRESH_PER_SESSION, limits.refreshPerSession, bySession(refreshCookie)),
    limit(Limit.REFRESH_PER_IP, limits.refreshPerIp, byIp),
    // Requests that send mail: per recipient, so nobody's inbox can be flooded, and per IP.
    limit(Limit.MAIL_PER_RECIPIENT, limits.mailPerEmail, byRecipient(viewerOf)),
    limit(Limit.MAIL_PER_IP, limits.mailPerIp, byIp),
    // Each start and callback of an identity-provider sign-in: an HTTP route, not a GraphQL field.
    limit(Limit.PROVIDER_PER_IP, limits.providerPerIp, byIp),
  ];
}
