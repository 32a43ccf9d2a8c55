import * as Joi from 'joi';
import { parseDurationSeconds } from './duration';
import { mailEnv } from './env.mail';

// Joi does not run custom rules on defaults, so the default is given already converted.
const duration = (fallback: string) =>
  Joi.string()
    .default(parseDurationSeconds(fallback))
    .custom((value: string, helpers) => {
      const seconds = parseDurationSeconds(value);
      return seconds === null ? helpers.error('any.invalid') : seconds;
    })
    .messages({ 'any.invalid': '{{#label}} must be a duration such as 900, 900s, 15m, 12h or 30d' });

/** "10/1m": at most 10 in any minute. Converted to { limit, ttlMs }. */
const rate = (fallback: string) =>
  Joi.string()
    .default(parseRate(fallback))
    .custom((value: string, helpers) => parseRate(value) ?? helpers.error('any.invalid'))
    .messages({ 'any.invalid': '{{#label}} must be a rate such as 10/1m (count/duration)' });

function parseRate(value: string): RateLimit | null {
  const match = /^\s*(\d+)\s*\/\s*([^/]+)$/.exec(value);
  const seconds = match ? parseDurationSeconds(match[2]) : null;
  const limit = match ? Number(match[1]) : 0;
  return Number.isSafeInteger(limit) && limit > 0 && seconds ? { limit, ttlMs: seconds * 1000 } : null;
}

export interface RateLimit {
  limit: number;
  ttlMs: number;
}

const boolean = (fallback: boolean) => Joi.boolean().truthy('1').falsy('0').default(fallback);

/**
 * The whole environment, validated once at boot. A bad value stops the server with a message
 * that names the variable; durations are converted to seconds here so nothing parses them later.
 */
export const envSchema = Joi.object({
  NODE_ENV: Joi.string().valid('development', 'production', 'test').default('development'),
  PORT: Joi.number().port().default(3000),
  HOST: Joi.string().default('0.0.0.0'),
  SHUTDOWN_TIMEOUT_MS: Joi.number().integer().min(0).max(600_000).default(10_000),
  LOG_LEVEL: Joi.string().valid('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'),
  BODY_LIMIT: Joi.string()
    .pattern(/^\d+(b|kb|mb)?$/i)
    .default('100kb')
    .messages({ 'string.pattern.base': '{{#label}} must be a size such as 100kb' }),
  GRAPHQL_INTROSPECTION: Joi.boolean().truthy('1').falsy('0'),
  GRAPHQL_MAX_DEPTH: Joi.number().integer().min(2).max(50).default(8),
  GRAPHQL_MAX_ALIASES: Joi.number().integer().min(0).max(100).default(10),
  GRAPHQL_MAX_TOKENS: Joi.number().integer().min(100).max(100_000).default(2000),
  GRAPHQL_MAX_COST: Joi.number().integer().min(100).max(1_000_000).default(5000),
  TRUST_PROXY: Joi.string()
    .allow('')
    .default('')
    .messages({ 'string.base': '{{#label}} must be true, a hop count, or a list of trusted addresses/subnets' }),
  REDIS_URL: Joi.string().empty('').uri({ scheme: ['redis', 'rediss'] }),
  RATE_LIMIT_ENABLED: boolean(true),
  RATE_LIMIT_LOGIN_PER_EMAIL: rate('10/1m'),
  RATE_LIMIT_LOGIN_PER_IP: rate('30/1m'),
  RATE_LIMIT_SIGNUP_PER_IP: rate('5/1h'),
  RATE_LIMIT_REFRESH_PER_SESSION: rate('60/1m'),
  RATE_LIMIT_MAIL_PER_EMAIL: rate('5/1h'),
  RATE_LIMIT_MAIL_PER_IP: rate('20/1h'),
  LOGIN_BACKOFF_AFTER: Joi.number().integer().min(1).max(100).default(5),
  LOGIN_BACKOFF_BASE: duration('1s'),
  LOGIN_BACKOFF_MAX: duration('15m'),
  PASSWORD_MIN_LENGTH: Joi.number().integer().min(8).max(64).default(8),

  DATABASE_URL: Joi.string().empty('').uri({ scheme: ['postgres', 'postgresql'] }),
  PGLITE_DIR: Joi.string().default('.data/pglite'),
  DB_POOL_MAX: Joi.number().integer().min(1).max(100).default(10),
  DB_MIGRATE: boolean(true),
  DB_DEBUG: boolean(false),
  DB_TIMEOUT_MS: Joi.number().integer().min(100).max(120_000).default(5000),
  DOORMAN_EMBEDDED_URL: Joi.string().uri({ scheme: ['postgres', 'postgresql'] }),

  JWT_SECRET: Joi.string()
    .empty('')
    .min(32, 'utf8')
    .when('NODE_ENV', { is: 'production', then: Joi.required() })
    .messages({
      'string.min': '{{#label}} must be at least 32 bytes long',
      'any.required': '{{#label}} is required when NODE_ENV=production (at least 32 bytes)',
    }),
  ACCESS_TOKEN_TTL: duration('15m'),
  SESSION_MAX_TTL: duration('30d'),
  SESSION_IDLE_TTL: duration('7d'),
  REFRESH_REUSE_GRACE: duration('10s'),
  SESSION_CACHE_TTL_MS: Joi.number().integer().min(0).max(60_000).default(5_000),
  SESSION_CACHE_MAX: Joi.number().integer().min(1).max(10_000_000).default(100_000),
  COOKIE_SECURE: boolean(true),
  CORS_ORIGINS: Joi.string()
    .allow('')
    .default([])
    .custom((value: string, helpers) => {
      const origins = value.split(',').map((o) => o.trim()).filter(Boolean);
      const bad = origins.find((o) => o === '*' || !/^https?:\/\/[^/\s]+$/.test(o));
      return bad === undefined ? origins : helpers.error('any.invalid', { bad });
    })
    .messages({ 'any.invalid': '{{#label}} must be a comma-separated list of origins such as https://app.example.com (no wildcard): "{{#bad}}"' }),
  RESET_TOKEN_TTL: duration('30m'),
  VERIFY_TOKEN_TTL: duration('24h'),
  REQUIRE_EMAIL_VERIFICATION: boolean(false),

  ...mailEnv,

  BCRYPT_ROUNDS: Joi.number()
    .integer()
    .max(15)
    .default(12)
    .when('NODE_ENV', {
      is: 'production',
      then: Joi.number().min(10).messages({ 'number.min': '{{#label}} must be at least 10 in production' }),
      otherwise: Joi.number().min(4),
    }),
});

export interface Env {
  NODE_ENV: 'development' | 'production' | 'test';
  PORT: number;
  HOST: string;
  SHUTDOWN_TIMEOUT_MS: number;
  LOG_LEVEL?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  BODY_LIMIT: string;
  GRAPHQL_INTROSPECTION?: boolean;
  GRAPHQL_MAX_DEPTH: number;
  GRAPHQL_MAX_ALIASES: number;
  GRAPHQL_MAX_TOKENS: number;
  GRAPHQL_MAX_COST: number;
  TRUST_PROXY: string;
  REDIS_URL?: string;
  RATE_LIMIT_ENABLED: boolean;
  RATE_LIMIT_LOGIN_PER_EMAIL: RateLimit;
  RATE_LIMIT_LOGIN_PER_IP: RateLimit;
  RATE_LIMIT_SIGNUP_PER_IP: RateLimit;
  RATE_LIMIT_REFRESH_PER_SESSION: RateLimit;
  RATE_LIMIT_MAIL_PER_EMAIL: RateLimit;
  RATE_LIMIT_MAIL_PER_IP: RateLimit;
  LOGIN_BACKOFF_AFTER: number;
  LOGIN_BACKOFF_BASE: number;
  LOGIN_BACKOFF_MAX: number;
  PASSWORD_MIN_LENGTH: number;
  DATABASE_URL?: string;
  PGLITE_DIR: string;
  DB_POOL_MAX: number;
  DB_MIGRATE: boolean;
  DB_DEBUG: boolean;
  DB_TIMEOUT_MS: number;
  DOORMAN_EMBEDDED_URL?: string;
  JWT_SECRET?: string;
  ACCESS_TOKEN_TTL: number;
  SESSION_MAX_TTL: number;
  SESSION_IDLE_TTL: number;
  REFRESH_REUSE_GRACE: number;
  SESSION_CACHE_TTL_MS: number;
  SESSION_CACHE_MAX: number;
  COOKIE_SECURE: boolean;
  CORS_ORIGINS: string[];
  RESET_TOKEN_TTL: number;
  VERIFY_TOKEN_TTL: number;
  REQUIRE_EMAIL_VERIFICATION: boolean;
  SMTP_URL?: string;
  MAIL_FROM: string;
  APP_URL: string;
  MAIL_OUTBOX_DIR: string;
  MAIL_SEND_ATTEMPTS: number;
  MAIL_RETRY_DELAY_MS: number;
  MAIL_TIMEOUT_MS: number;
  BCRYPT_ROUNDS: number;
}

/** Used by ConfigModule: returns the validated, converted environment or throws naming every bad variable. */
export function validateEnv(raw: Record<string, unknown>): Env {
  const { error, value } = envSchema.validate(raw, { abortEarly: false, allowUnknown: true, stripUnknown: false });
  if (error) {
    throw new Error(`Invalid configuration: ${error.details.map((d) => d.message).join('; ')}`);
  }
  return value as Env;
}
