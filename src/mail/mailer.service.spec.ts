import { Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTransport, type SendMailOptions, type Transporter } from 'nodemailer';
import { testMailConfig } from '../../test/unit/config.fixture';
import type { MailConfig } from '../config';
import { describeDuration, linkTo, renderMail } from './mail.templates';
import { Mailer } from './mailer.service';

jest.mock('nodemailer', () => ({ createTransport: jest.fn() }));
// The real timer, watched: the spec sees each delay asked for, and an abort still ends the wait.
jest.mock('node:timers/promises', () => {
  const actual = jest.requireActual<typeof import('node:timers/promises')>('node:timers/promises');
  return { ...actual, setTimeout: jest.fn(actual.setTimeout) };
});

const SMTP_URL = 'smtp://relay.doorman.test:2525';
// Shaped like account recovery's reset mail (its template lives in that module; the mailer sends any message).
const message = renderMail(
  'alice@example.com',
  linkTo('https://app.doorman.test', 'reset-password', 'q7Yw-3_kP0aZ9xLm2VnB8cDeFgHiJkLmNoPqRsTuVwX'),
  {
    subject: 'Reset your password',
    intro: 'Someone asked to reset the password of the account for this address.',
    action: 'Choose a new password',
    outro: `The link works once, within ${describeDuration(1_800)}.`,
  },
);

const transport = {
  sendMail: jest.fn<Promise<{ messageId: string }>, [SendMailOptions]>(),
  close: jest.fn<void, []>(),
};
const delays = () => jest.mocked(sleep).mock.calls.map(([ms]) => ms);
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<{ messageId: string }>((done) => (resolve = () => done({ messageId: '<1@relay>' })));
  return { promise, resolve };
}

describe('Mailer (SMTP)', () => {
  let log: jest.SpyInstance;
  let warn: jest.SpyInstance;
  let error: jest.SpyInstance;
  const mailerWith = (overrides: Partial<MailConfig> = {}) =>
    new Mailer(testMailConfig({ smtpUrl: SMTP_URL, ...overrides }));

  beforeEach(() => {
    jest
      .mocked(createTransport)
      .mockReset()
      .mockReturnValue(transport as unknown as Transporter);
    jest.mocked(sleep).mockClear();
    transport.sendMail.mockReset().mockResolvedValue({ messageId: '<1@relay>' });
    transport.close.mockReset();
    log = jest.spyOn(Logger.prototype, 'log').mockImplementation();
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation();
    error = jest.spyOn(Logger.prototype, 'error').mockImplementation();
  });

  afterEach(() => jest.restoreAllMocks());

  it('connects to SMTP_URL through a pool of 3 connections, with MAIL_TIMEOUT_MS on every phase, without the outbox warning', () => {
    mailerWith({ timeoutMs: 1_234 });

    expect(createTransport).toHaveBeenCalledTimes(1);
    expect(createTransport).toHaveBeenCalledWith({
      url: SMTP_URL,
      pool: true,
      maxConnections: 3,
      connectionTimeout: 1_234,
      greetingTimeout: 1_234,
      socketTimeout: 1_234,
    });
    expect(warn).not.toHaveBeenCalled();
  });

  it('send returns at once, before the server has answered; idle waits for the answer', async () => {
    const answer = deferred();
    transport.sendMail.mockReturnValue(answer.promise);
    const mailer = mailerWith();

    expect(mailer.send(message)).toBeUndefined();
    // Not even the message is built in the caller's turn: the answer to the request goes out first.
    expect(transport.sendMail).not.toHaveBeenCalled();
    let idle = false;
    const waiting = mailer.idle().then(() => (idle = true));
    await settle();
    const { to, subject, text, html } = message;
    expect(transport.sendMail).toHaveBeenCalledWith({
      from: 'Doorman <no-reply@doorman.test>',
      to,
      subject,
      text,
      html,
    });
    expect(idle).toBe(false);

    answer.resolve();
    await expect(waiting).resolves.toBe(true);
    expect(log).toHaveBeenCalledWith('mail "Reset your password" accepted by the SMTP server (attempt 1)');
  });

  it('retries a failing server MAIL_SEND_ATTEMPTS times in all, doubling the delay, then logs the failure', async () => {
    transport.sendMail.mockRejectedValue(new Error('421 try again later'));
    const mailer = mailerWith({ sendAttempts: 4, retryDelayMs: 5 });

    mailer.send(message);
    await expect(mailer.idle()).resolves.toBeUndefined();
    expect(transport.sendMail).toHaveBeenCalledTimes(4);
    expect(delays()).toEqual([5, 10, 20]);
    expect(warn).toHaveBeenCalledTimes(3);
    expect(warn).toHaveBeenLastCalledWith(
      'mail "Reset your password" attempt 3 failed (421 try again later); retrying in 20 ms',
    );
    expect(error.mock.calls).toEqual([
      ['mail "Reset your password" not delivered after 4 attempt(s): 421 try again later'],
    ]);
  });

  it('stops retrying once a retry is accepted', async () => {
    transport.sendMail.mockRejectedValueOnce(new Error('421 busy')).mockRejectedValueOnce(new Error('421 busy'));
    const mailer = mailerWith({ sendAttempts: 4, retryDelayMs: 5 });

    mailer.send(message);
    await expect(mailer.idle()).resolves.toBeUndefined();
    expect(transport.sendMail).toHaveBeenCalledTimes(3);
    expect(delays()).toEqual([5, 10]);
    expect(log).toHaveBeenCalledWith('mail "Reset your password" accepted by the SMTP server (attempt 3)');
    expect(error).not.toHaveBeenCalled();
  });

  it('with MAIL_SEND_ATTEMPTS=1 never waits: one failure is final', async () => {
    transport.sendMail.mockRejectedValue(new Error('550 no such user'));
    const mailer = mailerWith({ sendAttempts: 1 });

    mailer.send(message);
    await expect(mailer.idle()).resolves.toBeUndefined();
    expect(transport.sendMail).toHaveBeenCalledTimes(1);
    expect(sleep).not.toHaveBeenCalled();
    expect(error).toHaveBeenCalledWith('mail "Reset your password" not delivered after 1 attempt(s): 550 no such user');
  });

  it('on shutdown stops waiting out a retry delay: the retry runs at once, its failure is final, and the transport closes', async () => {
    transport.sendMail.mockRejectedValue(new Error('421 try again later'));
    const mailer = mailerWith({ sendAttempts: 4, retryDelayMs: 60_000 });
    mailer.send(message);
    for (let i = 0; i < 100 && delays().length === 0; i++) await settle();
    expect(delays()).toEqual([60_000]);

    let timer: NodeJS.Timeout | undefined;
    const tooLate = new Promise<string>((resolve) => (timer = setTimeout(() => resolve('still waiting'), 2_000)));
    await expect(Promise.race([mailer.onApplicationShutdown().then(() => 'stopped'), tooLate])).resolves.toBe(
      'stopped',
    );
    clearTimeout(timer);
    expect(transport.sendMail).toHaveBeenCalledTimes(2);
    expect(error).toHaveBeenCalledWith(
      'mail "Reset your password" not delivered after 2 attempt(s): 421 try again later',
    );
    expect(transport.close).toHaveBeenCalledTimes(1);
  });

  it('on shutdown lets a delivery under way finish before closing the transport', async () => {
    const answer = deferred();
    transport.sendMail.mockReturnValue(answer.promise);
    const mailer = mailerWith();
    mailer.send(message);

    const stopping = mailer.onApplicationShutdown();
    await settle();
    expect(transport.close).not.toHaveBeenCalled();

    answer.resolve();
    await expect(stopping).resolves.toBeUndefined();
    expect(transport.close).toHaveBeenCalledTimes(1);
    expect(log).toHaveBeenCalledWith('mail "Reset your password" accepted by the SMTP server (attempt 1)');
  });
});
