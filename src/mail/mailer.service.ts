import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTransport, type Transporter } from 'nodemailer';
import { mailConfig, type MailConfig } from '../config';
import type { MailMessage } from './mail.templates';

/**
 * Sends mail in the background: `send` returns at once, so a slow or failing SMTP server never
 * fails or delays the request that asked for the message. Failures are retried with a doubling
 * delay, then logged. Messages live only in memory: they carry tokens that are stored nowhere
 * else in clear, and a process stopped mid-retry gives up on them (the person asks again).
 */
@Injectable()
export class Mailer implements OnApplicationShutdown {
  private readonly logger = new Logger(Mailer.name);
  private readonly transport: Transporter;
  private readonly pending = new Set<Promise<void>>();
  private readonly stopping = new AbortController();

  constructor(@Inject(mailConfig.KEY) private readonly config: MailConfig) {
    const timeouts = {
      connectionTimeout: config.timeoutMs,
      greetingTimeout: config.timeoutMs,
      socketTimeout: config.timeoutMs,
    };
    this.transport = config.smtpUrl
      ? // A pool: a few SMTP connections kept open and reused, not a handshake per message.
        createTransport({ url: config.smtpUrl, pool: true, maxConnections: 3, ...timeouts })
      : createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    if (!config.smtpUrl)
      this.logger.warn(`SMTP_URL is not set: mail is written to ${config.outboxDir} and the log, not sent`);
  }

  /** Queues the message and returns; call it after the transaction that made its token commits. */
  send(message: MailMessage): void {
    if (this.stopping.signal.aborted) {
      this.logger.error(`mail "${message.subject}" not sent: the server is shutting down`);
      return;
    }
    // setImmediate: building the message (MIME) waits until the answer has been written.
    const delivery = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.deliver(message))
      .finally(() => this.pending.delete(delivery));
    this.pending.add(delivery);
  }

  /** Resolves once every queued message has been delivered or given up on (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** Retries waiting for their delay run now, once; then the process may exit. */
  async onApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    await this.idle();
    this.transport.close();
  }

  private async deliver(message: MailMessage): Promise<void> {
    const { to, subject, text, html } = message;
    for (let attempt = 1; ; attempt++) {
      try {
        const info = await this.transport.sendMail({ from: this.config.from, to, subject, text, html });
        if (this.config.smtpUrl) this.logger.log(`mail "${subject}" accepted by the SMTP server (attempt ${attempt})`);
        else await this.keep(message, info.message as Buffer);
        return;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        if (attempt >= this.config.sendAttempts || this.stopping.signal.aborted) {
          this.logger.error(`mail "${subject}" not delivered after ${attempt} attempt(s): ${reason}`);
          return;
        }
        const delay = this.config.retryDelayMs * 2 ** (attempt - 1);
        this.logger.warn(`mail "${subject}" attempt ${attempt} failed (${reason}); retrying in ${delay} ms`);
        await sleep(delay, undefined, { signal: this.stopping.signal }).catch(() => undefined);
      }
    }
  }

  /** Development without SMTP: the message as an .eml file, and its link in the log. */
  private async keep(message: MailMessage, raw: Buffer): Promise<void> {
    await mkdir(this.config.outboxDir, { recursive: true });
    const file = join(
      this.config.outboxDir,
      `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.hrtime.bigint()}.eml`,
    );
    await writeFile(file, raw, { mode: 0o600 });
    const link = message.link ? `; link: ${message.link}` : '';
    this.logger.log(`mail "${message.subject}" to ${message.to} written to ${file}${link}`);
  }
}
