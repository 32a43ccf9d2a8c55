import * as Joi from 'joi';
import { parseDurationSeconds } from './duration';

// Joi does not run custom rules on defaults, so the default is given already converted.
const duration = (fallback: string) =>
  Joi.string()
    .default(parseDurationSeconds(fallback))
    .custom((value: string, helpers) => {
      const seconds = parseDurationSeconds(value);
      return seconds === null ? helpers.error('any.invalid') : seconds;
    })
    .messages({ 'any.invalid': '{{#label}} must be a duration such as 900, 900s, 15m, 12h or 30d' });

const boolean = (fallback: boolean) => Joi.boolean().truthy('1').falsy('0').default(fallback);

/**
 * The whole environment, validated once at boot. A bad value stops the server with a message
 * that names the variable; durations are converted to seconds here so nothing parses them later.
 */
export const envSchema = Joi.object({
  NODE_ENV: Joi.string().valid('development', 'production', 'test').default('development'),
  PORT: Joi.number().port().default(3000),
  HOST: Joi.string().default('0.0.0.0'),
  BODY_LIMIT: Joi.string()
    .pattern(/^\d+(b|kb|mb)?$/i)
    .default('100kb')
    .messages({ 'string.pattern.base': '{{#label}} must be a size such as 100kb' }),
  GRAPHQL_INTROSPECTION: Joi.boolean().truthy('1').falsy('0'),

  DATABASE_URL: Joi.string().uri({ scheme: ['postgres', 'postgresql'] }),
  PGLITE_DIR: Joi.string().default('.data/pglite'),
  DB_POOL_MAX: Joi.number().integer().min(1).max(100).default(10),
  DB_MIGRATE: boolean(true),
  DB_DEBUG: boolean(false),
  DOORMAN_EMBEDDED_URL: Joi.string().uri({ scheme: ['postgres', 'postgresql'] }),

  JWT_SECRET: Joi.string()
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
  BODY_LIMIT: string;
  GRAPHQL_INTROSPECTION?: boolean;
  DATABASE_URL?: string;
  PGLITE_DIR: string;
  DB_POOL_MAX: number;
  DB_MIGRATE: boolean;
  DB_DEBUG: boolean;
  DOORMAN_EMBEDDED_URL?: string;
  JWT_SECRET?: string;
  ACCESS_TOKEN_TTL: number;
  SESSION_MAX_TTL: number;
  SESSION_IDLE_TTL: number;
  REFRESH_REUSE_GRACE: number;
  COOKIE_SECURE: boolean;
  CORS_ORIGINS: string[];
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
