import { Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { simpleParser } from 'mailparser';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mailConfig } from '../config';
import { testMailConfig } from '../../test/unit/config.fixture';
import { describeDuration, linkTo, type MailMessage, renderMail } from './mail.templates';
import { Mailer } from './mailer.service';

const APP_URL = 'https://app.doorman.test';
const TOKEN = 'q7Yw-3_kP0aZ9xLm2VnB8cDeFgHiJkLmNoPqRsTuVwX';

/**
 * Messages shaped like account recovery's two (their templates live in that module; the mailer
 * sends any message): a page of the web client at APP_URL, a subject, a lifetime.
 */
const linkMail = (to: string, page: string, subject: string, ttlSeconds: number): MailMessage =>
  renderMail(to, linkTo(APP_URL, page, TOKEN), {
    subject,
    intro: 'Follow the link below.',
    action: 'Follow it',
    outro: `The link works once, within ${describeDuration(ttlSeconds)}.`,
  });
const passwordResetMail = (to: string) => linkMail(to, 'reset-password', 'Reset your password', 1_800);
const emailVerificationMail = (to: string) => linkMail(to, 'verify-email', 'Confirm your email address', 86_400);

/** Development without SMTP_URL: real nodemailer renders each message into an .eml file in MAIL_OUTBOX_DIR. */
describe('Mailer (outbox)', () => {
  let root: string;
  let outboxDir: string;
  let mailer: Mailer;
  let log: jest.SpyInstance;
  let warn: jest.SpyInstance;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'doorman-outbox-spec-'));
    // Not there yet: the mailer makes it.
    outboxDir = join(root, 'nested', 'mail');
    log = jest.spyOn(Logger.prototype, 'log').mockImplementation();
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation();
    const moduleRef = await Test.createTestingModule({
      providers: [Mailer, { provide: mailConfig.KEY, useValue: testMailConfig({ smtpUrl: undefined, outboxDir }) }],
    }).compile();
    mailer = moduleRef.get(Mailer);
  });

  afterEach(async () => {
    await mailer.onApplicationShutdown();
    jest.restoreAllMocks();
    await rm(root, { recursive: true, force: true });
  });

  it('warns at start that mail is written to the outbox, not sent', () => {
    expect(warn).toHaveBeenCalledWith(`SMTP_URL is not set: mail is written to ${outboxDir} and the log, not sent`);
  });

  it('writes the message as an .eml file only its owner can read, and logs where and the link', async () => {
    const message = passwordResetMail('alice@example.com');

    expect(mailer.send(message)).toBeUndefined();
    await expect(mailer.idle()).resolves.toBeUndefined();

    const files = await readdir(outboxDir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/\.eml$/);
    const file = join(outboxDir, files[0]);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(log).toHaveBeenCalledWith(
      `mail "Reset your password" to alice@example.com written to ${file}; link: ${message.link}`,
    );
  });

  it('keeps the whole message: sender, recipient, subject, and the link in both parts', async () => {
    const message = emailVerificationMail('bob@example.org');

    mailer.send(message);
    await expect(mailer.idle()).resolves.toBeUndefined();

    const [file] = await readdir(outboxDir);
    const parsed = await simpleParser(await readFile(join(outboxDir, file)));
    expect(parsed.subject).toBe('Confirm your email address');
    expect(parsed.from?.value).toEqual([
      expect.objectContaining({ name: 'Doorman', address: 'no-reply@doorman.test' }),
    ]);
    expect([parsed.to ?? []].flat().flatMap((to) => to.value.map(({ address }) => address))).toEqual([
      'bob@example.org',
    ]);
    expect(parsed.text).toContain(`${APP_URL}/verify-email?token=${TOKEN}`);
    expect(parsed.html).toContain(`href="${APP_URL}/verify-email?token=${TOKEN}"`);
  });

  it('gives every message a file of its own', async () => {
    mailer.send(passwordResetMail('alice@example.com'));
    mailer.send(passwordResetMail('bob@example.org'));
    mailer.send(emailVerificationMail('carol@example.net'));
    await expect(mailer.idle()).resolves.toBeUndefined();

    await expect(readdir(outboxDir)).resolves.toHaveLength(3);
  });
});
