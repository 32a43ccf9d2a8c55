import { simpleParser } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string;
  from: string;
  subject: string;
  text: string;
  html: string;
}

/** How the server treats the next deliveries: refuse with a temporary error, or hold the connection. */
type Mode = { kind: 'accept' } | { kind: 'refuse'; times: number } | { kind: 'hang' };

/**
 * A real SMTP server in the test process (the smtp-server package): the app sends to it over TCP
 * as it would to any relay, and a test reads what arrived.
 */
export class TestSmtpServer {
  readonly received: ReceivedMail[] = [];
  /** Every delivery attempt, refused or not. */
  attempts = 0;
  private mode: Mode = { kind: 'accept' };
  private waiters: { match: (mail: ReceivedMail) => boolean; resolve: (mail: ReceivedMail) => void }[] = [];
  private readonly hanging: (() => void)[] = [];
  private readonly server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData: (stream, _session, callback) => {
      this.attempts += 1;
      if (this.mode.kind === 'hang') {
        stream.resume();
        // Never answers; released on close so the client sees the connection end.
        this.hanging.push(() => callback(new Error('closing')));
        return;
      }
      if (this.mode.kind === 'refuse' && this.mode.times > 0) {
        this.mode.times -= 1;
        stream.resume();
        stream.on('end', () => callback(Object.assign(new Error('Try again later'), { responseCode: 451 })));
        return;
      }
      simpleParser(stream)
        .then((parsed) => {
          const mail: ReceivedMail = {
            to: (Array.isArray(parsed.to) ? parsed.to[0] : parsed.to)?.value[0]?.address ?? '',
            from: parsed.from?.text ?? '',
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
          };
          this.received.push(mail);
          this.waiters = this.waiters.filter((w) => (w.match(mail) ? (w.resolve(mail), false) : true));
          callback();
        })
        .catch(callback);
    },
  });

  static async start(): Promise<TestSmtpServer> {
    const smtp = new TestSmtpServer();
    await new Promise<void>((resolve) => smtp.server.listen(0, '127.0.0.1', resolve));
    return smtp;
  }

  get url(): string {
    return `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
  }

  accept(): void {
    this.mode = { kind: 'accept' };
  }

  refuse(times: number): void {
    this.mode = { kind: 'refuse', times };
  }

  hang(): void {
    this.mode = { kind: 'hang' };
  }

  /** Resolves once `count` delivery attempts in all have reached the server. */
  async attempted(count: number, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.attempts < count) {
      if (Date.now() > deadline)
        throw new Error(`only ${this.attempts} of ${count} delivery attempts within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** The next message to `to` (one already here and not yet taken counts), or a timeout naming it. */
  next(to: string, timeoutMs = 10_000): Promise<ReceivedMail> {
    const address = to.toLowerCase();
    const index = this.received.findIndex((mail) => mail.to === address);
    if (index >= 0) return Promise.resolve(this.received.splice(index, 1)[0]);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no mail to ${to} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        match: (mail) => mail.to === address,
        resolve: (mail) => {
          clearTimeout(timer);
          this.received.splice(this.received.indexOf(mail), 1);
          resolve(mail);
        },
      });
    });
  }

  /** Mail to `to` already received and not taken. */
  pending(to: string): ReceivedMail[] {
    return this.received.filter((mail) => mail.to === to.toLowerCase());
  }

  async close(): Promise<void> {
    this.hanging.splice(0).forEach((release) => release());
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** The token of the link to `page` in a message (both the text and HTML parts carry it). */
export function linkToken(mail: ReceivedMail, page: 'reset-password' | 'verify-email'): string {
  const match = new RegExp(`https?://\\S+/${page}\\?token=([A-Za-z0-9_-]+)`).exec(mail.text);
  if (!match) throw new Error(`no ${page} link in "${mail.subject}": ${mail.text}`);
  return decodeURIComponent(match[1]);
}
