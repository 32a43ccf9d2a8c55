import { registerAs } from '@nestjs/config';
import { loadEnv } from './env';

/** Where mail goes: an SMTP server (required in production), or else the development outbox. */
export const mailConfig = registerAs('mail', () => {
  const env = loadEnv();
  return {
    smtpUrl: env.SMTP_URL,
    from: env.MAIL_FROM,
    // Links in messages: APP_URL/reset-password?token=..., so no trailing slash.
    appUrl: env.APP_URL.replace(/\/+$/, ''),
    outboxDir: env.MAIL_OUTBOX_DIR,
    sendAttempts: env.MAIL_SEND_ATTEMPTS,
    retryDelayMs: env.MAIL_RETRY_DELAY_MS,
    timeoutMs: env.MAIL_TIMEOUT_MS,
  };
});

export type MailConfig = ReturnType<typeof mailConfig>;
