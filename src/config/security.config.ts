import { registerAs } from '@nestjs/config';
import { loadEnv } from './env';

/** What an attacker meets: rate limits, login backoff, GraphQL limits, the password policy, proxies. */
export const securityConfig = registerAs('security', () => {
  const env = loadEnv();
  return {
    redisUrl: env.REDIS_URL,
    rateLimitEnabled: env.RATE_LIMIT_ENABLED,
    limits: {
      loginPerEmail: env.RATE_LIMIT_LOGIN_PER_EMAIL,
      loginPerIp: env.RATE_LIMIT_LOGIN_PER_IP,
      signupPerIp: env.RATE_LIMIT_SIGNUP_PER_IP,
      refreshPerSession: env.RATE_LIMIT_REFRESH_PER_SESSION,
      refreshPerIp: env.RATE_LIMIT_REFRESH_PER_IP,
      mailPerEmail: env.RATE_LIMIT_MAIL_PER_EMAIL,
      mailPerIp: env.RATE_LIMIT_MAIL_PER_IP,
      providerPerIp: env.RATE_LIMIT_PROVIDER_PER_IP,
    },
    backoff: {
      after: env.LOGIN_BACKOFF_AFTER,
      baseMs: env.LOGIN_BACKOFF_BASE * 1000,
      maxMs: env.LOGIN_BACKOFF_MAX * 1000,
    },
    graphql: {
      maxDepth: env.GRAPHQL_MAX_DEPTH,
      maxAliases: env.GRAPHQL_MAX_ALIASES,
      maxTokens: env.GRAPHQL_MAX_TOKENS,
      maxCost: env.GRAPHQL_MAX_COST,
    },
    passwordMinLength: env.PASSWORD_MIN_LENGTH,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
  };
});

export type SecurityConfig = ReturnType<typeof securityConfig>;

/** Fastify's `trustProxy`: off by default, so a forged X-Forwarded-For never picks the client IP. */
function parseTrustProxy(value: string): boolean | number | string[] {
  const trimmed = value.trim().toLowerCase();
  if (trimmed === '' || trimmed === 'false') return false;
  if (trimmed === 'true') return true;
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  return trimmed
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}
