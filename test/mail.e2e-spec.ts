import { Logger } from '@nestjs/common';
import { simpleParser } from 'mailparser';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Mailer } from '../src/mail/mailer.service';
import { logIn, signUp, userInput } from './factories/user.factory';
import { startApp, type TestApp } from './helpers/app';
import { errorCode, gql, REQUEST_EMAIL_VERIFICATION, REQUEST_PASSWORD_RESET, RESET_PASSWORD } from './helpers/graphql';
import { linkToken, TestSmtpServer } from './helpers/smtp';

const requestReset = (t: TestApp, email: string, headers?: Record<string, string>) =>
  gql<{ requestPasswordReset: boolean }>(t.server, REQUEST_PASSWORD_RESET, { email }, { headers });

describe('mail delivery over a failing SMTP server', () => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  beforeAll(async () => {
    smtp = await TestSmtpServer.start();
    // MAIL_RETRY_DELAY_MS is 50 in tests; the socket timeout is short so a hung server is given up on quickly.
    t = await startApp({ SMTP_URL: smtp.url, MAIL_SEND_ATTEMPTS: '4', MAIL_TIMEOUT_MS: '500' });
  });
  afterEach(() => {
    smtp.accept();
    jest.restoreAllMocks();
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('answers at once while the server refuses, and delivers on a later attempt', async () => {
    const me = await signUp(t.server);
    await smtp.next(me.input.email);
    smtp.refuse(2);
    const before = smtp.attempts;

    expect((await requestReset(t, me.input.email)).data).toEqual({ requestPasswordReset: true });
    const token = linkToken(await smtp.next(me.input.email), 'reset-password');

    expect(smtp.attempts - before).toBe(3);
    expect(
      (await gql(t.server, RESET_PASSWORD, { input: { token, newPassword: 'delivered after all, third time' } })).data,
    ).toEqual({ resetPassword: true });
  });

  it('answers while the server holds the connection without a word, then retries', async () => {
    const me = await signUp(t.server);
    await smtp.next(me.input.email);
    smtp.hang();
    const before = smtp.attempts;

    const res = await requestReset(t, me.input.email);
    expect(res.data).toEqual({ requestPasswordReset: true });

    // The message is stuck in a connection the server never answers; other requests are served meanwhile.
    await smtp.attempted(before + 1);
    expect(smtp.pending(me.input.email)).toEqual([]);
    await logIn(t.server, me.input.email, me.input.password);
    smtp.accept();
    const mail = await smtp.next(me.input.email);
    expect(mail.subject).toBe('Reset your password');
    expect(smtp.attempts - before).toBe(2);
  });

  it('gives up after MAIL_SEND_ATTEMPTS, says so in the log, and keeps serving', async () => {
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation();
    const me = await signUp(t.server);
    await smtp.next(me.input.email);
    smtp.refuse(100);
    const before = smtp.attempts;

    expect((await requestReset(t, me.input.email)).data).toEqual({ requestPasswordReset: true });
    await t.app.get(Mailer).idle();

    expect(smtp.attempts - before).toBe(4);
    expect(error).toHaveBeenCalledWith(
      expect.stringMatching(/mail "Reset your password" not delivered after 4 attempt\(s\)/),
    );
    expect(JSON.stringify(error.mock.calls)).not.toMatch(/token=/);
    smtp.accept();
    await logIn(t.server, me.input.email, me.input.password);
  });
});

describe('mail without SMTP_URL (development)', () => {
  const outbox = mkdtempSync(join(tmpdir(), 'doorman-outbox-'));
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ MAIL_OUTBOX_DIR: outbox, APP_URL: 'http://localhost:5173' });
  });
  afterAll(async () => {
    await t.close();
    rmSync(outbox, { recursive: true, force: true });
  });

  it('writes each message to the outbox and its link to the log, so a reset still works', async () => {
    const log = jest.spyOn(Logger.prototype, 'log');
    const me = await signUp(t.server);
    await requestReset(t, me.input.email);
    await t.app.get(Mailer).idle();

    const messages = await Promise.all(
      readdirSync(outbox).map((file) => simpleParser(readFileSync(join(outbox, file)))),
    );
    const mine = messages.filter(
      (m) => m.text?.includes('reset-password') && (Array.isArray(m.to) ? m.to[0] : m.to)?.text === me.input.email,
    );
    expect(mine).toHaveLength(1);
    expect(mine[0].html).toContain('http://localhost:5173/reset-password?token=');
    const token = linkToken(
      { to: me.input.email, from: '', subject: '', text: mine[0].text ?? '', html: '' },
      'reset-password',
    );
    expect(log).toHaveBeenCalledWith(expect.stringContaining(`to ${me.input.email} written to ${outbox}`));
    expect(log).toHaveBeenCalledWith(
      expect.stringContaining(`link: http://localhost:5173/reset-password?token=${token}`),
    );

    expect(
      (await gql(t.server, RESET_PASSWORD, { input: { token, newPassword: 'reset from the outbox file' } })).data,
    ).toEqual({ resetPassword: true });
    log.mockRestore();
  });
});

describe('limits on mail', () => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  beforeAll(async () => {
    smtp = await TestSmtpServer.start();
    // Behind a trusted proxy, so each test can speak from addresses of its own.
    t = await startApp({
      SMTP_URL: smtp.url,
      TRUST_PROXY: 'loopback',
      RATE_LIMIT_MAIL_PER_EMAIL: '2/1h',
      RATE_LIMIT_MAIL_PER_IP: '3/1h',
    });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });
  let next = 0;
  /** A client address used by no other request. */
  const newIp = () => ({ 'x-forwarded-for': `203.0.113.${++next}` });

  it('count reset requests per address, whether or not it has an account, with retryAfter', async () => {
    const me = await signUp(t.server);
    for (const email of [me.input.email, userInput().email]) {
      expect((await requestReset(t, email, newIp())).data).toEqual({ requestPasswordReset: true });
      expect((await requestReset(t, email.toUpperCase(), newIp())).data).toEqual({ requestPasswordReset: true });
      const third = await requestReset(t, email, newIp());
      expect(errorCode(third)).toBe('TOO_MANY_REQUESTS');
      expect(third.errors?.[0].extensions?.retryAfter).toBeGreaterThan(3000);
    }
  });

  it('count verification requests per account', async () => {
    const me = await signUp(t.server);
    const ask = () => gql(t.server, REQUEST_EMAIL_VERIFICATION, {}, { token: me.accessToken, headers: newIp() });
    expect((await ask()).data).toEqual({ requestEmailVerification: true });
    expect((await ask()).data).toEqual({ requestEmailVerification: true });
    expect(errorCode(await ask())).toBe('TOO_MANY_REQUESTS');
  });

  it('count every mail request from one IP together', async () => {
    const me = await signUp(t.server);
    const ip = newIp();
    expect((await requestReset(t, userInput().email, ip)).data).toEqual({ requestPasswordReset: true });
    expect((await requestReset(t, userInput().email, ip)).data).toEqual({ requestPasswordReset: true });
    expect((await gql(t.server, REQUEST_EMAIL_VERIFICATION, {}, { token: me.accessToken, headers: ip })).data).toEqual({
      requestEmailVerification: true,
    });

    expect(errorCode(await requestReset(t, userInput().email, ip))).toBe('TOO_MANY_REQUESTS');
    expect(errorCode(await gql(t.server, REQUEST_EMAIL_VERIFICATION, {}, { token: me.accessToken, headers: ip }))).toBe(
      'TOO_MANY_REQUESTS',
    );
    expect((await requestReset(t, userInput().email, newIp())).data).toEqual({ requestPasswordReset: true });
  });
});
