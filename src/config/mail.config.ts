import { registerAs } from '@nestjs/config';
import { loadEnv } from './env';

/**
 * The server's own address, where it serves the web client: links in development mail open its pages.
 * A wildcard HOST (every interface) is reached as localhost.
 */
export function ownAddress(host: string, port: number): string {
  const name = ['0.0.0.0', '::', '[::]'].includes(host) ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}`;
}

/** Where mail goes: an SMTP server (required in production), or else the development outbox. */
export const mailConfig = registerAs('mail', () => {
  const env = loadEnv();
  return {
    smtpUrl: env.SMTP_URL,
    from: env.MAIL_FROM,
    // Links in messages: APP_URL/reset-password?token=..., so no trailing slash.
    appUrl: (env.APP_URL ?? ownAddress(env.HOST, env.PORT)).replace(/\/+$/, ''),
    outboxDir: env.MAIL_OUTBOX_DIR,
    sendAttempts: env.MAIL_SEND_ATTEMPTS,
    retryDelayMs: env.MAIL_RETRY_DELAY_MS,
    timeoutMs: env.MAIL_TIMEOUT_MS,
  };
});

export type MailConfig = ReturnType<typeof mailConfig>;
