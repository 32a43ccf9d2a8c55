import { integer, optional, requiredInProduction, text, uri, withDefault } from './env.fields';

const smtpUrl = uri(['smtp', 'smtps']);
const mailFrom = text()
  .max(320, 'length must be less than or equal to 320 characters long')
  .regex(
    /^([^<>@\r\n]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/,
    'must be an address, or a name and an address: "Example <no-reply@example.com>"',
  );
const appUrl = uri(['http', 'https']);

/** Mail: SMTP in production; elsewhere, without SMTP_URL, messages land in MAIL_OUTBOX_DIR and the log. */
export const mailEnv = {
  SMTP_URL: optional(smtpUrl),
  MAIL_FROM: withDefault(mailFrom, 'Doorman <no-reply@localhost>'),
  // Unset outside production: the server's own address (mail.config.ts), where it serves the web client.
  APP_URL: optional(appUrl),
  MAIL_OUTBOX_DIR: text().default('.data/mail'),
  MAIL_SEND_ATTEMPTS: integer(1, 10).default(4),
  MAIL_RETRY_DELAY_MS: integer(1, 600_000).default(2000),
  MAIL_TIMEOUT_MS: integer(100, 120_000).default(10_000),
};

/** Production: real mail, from a real sender, with links to the real app. */
export const productionMailEnv = {
  SMTP_URL: requiredInProduction(smtpUrl, ' (smtp:// or smtps://)'),
  MAIL_FROM: requiredInProduction(mailFrom, ' (e.g. "Example <no-reply@example.com>")'),
  APP_URL: requiredInProduction(appUrl, ': links in emails point there'),
};
