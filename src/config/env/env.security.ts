import { z } from 'zod';
import { duration, flag, integer, optional, rate, uri } from './env.fields';

/** What an attacker meets: rate limits, login backoff, GraphQL limits, the password policy, proxies. */
export const securityEnv = {
  GRAPHQL_MAX_DEPTH: integer(2, 50).default(8),
  GRAPHQL_MAX_ALIASES: integer(0, 100).default(10),
  GRAPHQL_MAX_TOKENS: integer(100, 100_000).default(2000),
  GRAPHQL_MAX_COST: integer(100, 1_000_000).default(5000),
  // Parsed in security.config.ts; empty means off, as when unset.
  TRUST_PROXY: z.string({ error: 'must be true, a hop count, or a list of trusted addresses/subnets' }).default(''),
  REDIS_URL: optional(uri(['redis', 'rediss'])),
  RATE_LIMIT_ENABLED: flag().default(true),
  RATE_LIMIT_LOGIN_PER_EMAIL: rate('10/1m'),
  RATE_LIMIT_LOGIN_PER_IP: rate('30/1m'),
  RATE_LIMIT_SIGNUP_PER_IP: rate('5/1h'),
  RATE_LIMIT_REFRESH_PER_SESSION: rate('60/1m'),
  RATE_LIMIT_REFRESH_PER_IP: rate('300/1m'),
  RATE_LIMIT_MAIL_PER_EMAIL: rate('5/1h'),
  RATE_LIMIT_MAIL_PER_IP: rate('20/1h'),
  RATE_LIMIT_PROVIDER_PER_IP: rate('30/1m'),
  LOGIN_BACKOFF_AFTER: integer(1, 100).default(5),
  LOGIN_BACKOFF_BASE: duration('1s'),
  LOGIN_BACKOFF_MAX: duration('15m'),
  // NIST 800-63B: at least 8.
  PASSWORD_MIN_LENGTH: integer(8, 64).default(8),
};
