import { RequestContext } from '@mikro-orm/core';
import type { ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { ThrottlerOptions } from '@nestjs/throttler';
import { createHash } from 'node:crypto';
import { normalizeEmail } from '../common/validation';
import { cookieNames } from '../auth/transport/auth-cookies';
import type { SecurityConfig } from '../config';

type Req = { ip?: string; cookies?: Record<string, string | undefined> };

const fieldOf = (context: ExecutionContext) =>
  context.getType<string>() === 'graphql' ? GqlExecutionContext.create(context).getInfo<{ fieldName: string }>().fieldName : undefined;
const argsOf = (context: ExecutionContext) => GqlExecutionContext.create(context).getArgs<{ input?: { email?: unknown }; token?: string | null }>();
/** A throttler that counts only the named mutation (and nothing at all when limits are off). */
const onlyFor = (enabled: boolean) => (field: string) => (context: ExecutionContext) => !enabled || fieldOf(context) !== field;

// The socket's address unless TRUST_PROXY names the proxies to believe, so a forged header changes nothing.
const byIp = (req: Req) => `ip:${req.ip ?? 'unknown'}`;

const byEmail = (_req: Req, context: ExecutionContext) => {
  const email = argsOf(context).input?.email;
  return `email:${typeof email === 'string' ? normalizeEmail(email) : ''}`;
};

/** Refresh tokens rotate on every use, so the limit follows the session they belong to. */
const bySession = async (req: Req, context: ExecutionContext) => {
  // Only a key for counting, so either cookie name will do.
  const token = argsOf(context).token ?? req.cookies?.[cookieNames(true).refresh] ?? req.cookies?.[cookieNames(false).refresh];
  if (!token) return byIp(req);
  const hash = createHash('sha256').update(token, 'utf8').digest('hex');
  const em = RequestContext.getEntityManager();
  const [row] = em ? await em.getConnection().execute<{ session_id: string }[]>('select session_id from refresh_tokens where token_hash = ?', [hash]) : [];
  return row ? `session:${row.session_id}` : byIp(req);
};

/** The named limits; each counts only its own mutation. */
export function throttlers({ limits, rateLimitEnabled }: SecurityConfig): ThrottlerOptions[] {
  // A throttler's own skipIf replaces the module-wide one, so the switch lives in each.
  const only = onlyFor(rateLimitEnabled);
  return [
    { name: 'login-email', limit: limits.loginPerEmail.limit, ttl: limits.loginPerEmail.ttlMs, skipIf: only('login'), getTracker: byEmail },
    { name: 'login-ip', limit: limits.loginPerIp.limit, ttl: limits.loginPerIp.ttlMs, skipIf: only('login'), getTracker: byIp },
    { name: 'signup-ip', limit: limits.signupPerIp.limit, ttl: limits.signupPerIp.ttlMs, skipIf: only('signup'), getTracker: byIp },
    {
      name: 'refresh-session',
      limit: limits.refreshPerSession.limit,
      ttl: limits.refreshPerSession.ttlMs,
      skipIf: only('refreshToken'),
      getTracker: bySession,
    },
  ];
}
