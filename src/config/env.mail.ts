import * as Joi from 'joi';

/** Mail: SMTP in production; elsewhere, without SMTP_URL, messages land in MAIL_OUTBOX_DIR and the log. */
export const mailEnv = {
  SMTP_URL: Joi.string()
    .empty('')
    .uri({ scheme: ['smtp', 'smtps'] })
    .when('NODE_ENV', { is: 'production', then: Joi.required() })
    .messages({ 'any.required': '{{#label}} is required when NODE_ENV=production (smtp:// or smtps://)' }),
  MAIL_FROM: Joi.string()
    .empty('')
    .max(320)
    .pattern(/^([^<>@\r\n]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/)
    .when('NODE_ENV', { is: 'production', then: Joi.required(), otherwise: Joi.optional().default('Doorman <no-reply@localhost>') })
    .messages({
      'any.required': '{{#label}} is required when NODE_ENV=production (e.g. "Example <no-reply@example.com>")',
      'string.pattern.base': '{{#label}} must be an address, or a name and an address: "Example <no-reply@example.com>"',
    }),
  APP_URL: Joi.string()
    .empty('')
    .uri({ scheme: ['http', 'https'] })
    .when('NODE_ENV', { is: 'production', then: Joi.required(), otherwise: Joi.optional().default('http://localhost:3000') })
    .messages({ 'any.required': '{{#label}} is required when NODE_ENV=production: links in emails point there' }),
  MAIL_OUTBOX_DIR: Joi.string().default('.data/mail'),
  MAIL_SEND_ATTEMPTS: Joi.number().integer().min(1).max(10).default(4),
  MAIL_RETRY_DELAY_MS: Joi.number().integer().min(1).max(600_000).default(2000),
  MAIL_TIMEOUT_MS: Joi.number().integer().min(100).max(120_000).default(10_000),
};
