import { Mailer } from '../src/mail/mailer.service';
import { logIn, signUp, userInput } from './factories/user.factory';
import { startApp, type TestApp } from './helpers/app';
import { sql } from './helpers/db';
import {
  errorCode,
  gql,
  LOGIN,
  REQUEST_EMAIL_VERIFICATION,
  SIGNUP,
  VERIFY_EMAIL,
  VIEWER_VERIFIED,
} from './helpers/graphql';
import { linkToken, TestSmtpServer } from './helpers/smtp';

const APP_URL = 'https://app.example.test/';

describe('email verification', () => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  beforeAll(async () => {
    smtp = await TestSmtpServer.start();
    t = await startApp({ SMTP_URL: smtp.url, APP_URL });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  const verify = (token: string) => gql<{ verifyEmail: boolean }>(t.server, VERIFY_EMAIL, { token });
  const verified = async (accessToken: string) =>
    (await gql<{ viewer: { emailVerified: boolean } }>(t.server, VIEWER_VERIFIED, {}, { token: accessToken })).data
      ?.viewer.emailVerified;

  it('mails a link at signup that marks the address verified, once', async () => {
    const me = await signUp(t.server);
    expect(await verified(me.accessToken)).toBe(false);

    const mail = await smtp.next(me.input.email);
    expect(mail.subject).toBe('Confirm your email address');
    // APP_URL's trailing slash does not double up.
    expect(mail.text).toContain('https://app.example.test/verify-email?token=');
    expect(mail.text).toContain('24 hours');
    expect(mail.text).not.toContain(me.input.name);
    const token = linkToken(mail, 'verify-email');
    expect(mail.html).toContain(token);

    expect((await verify(token)).data).toEqual({ verifyEmail: true });
    expect(await verified(me.accessToken)).toBe(true);
    expect(errorCode(await verify(token))).toBe('INVALID_TOKEN');
  });

  it('sends a new link on request, after which the older one no longer works', async () => {
    const me = await signUp(t.server);
    const older = linkToken(await smtp.next(me.input.email), 'verify-email');

    const res = await gql(t.server, REQUEST_EMAIL_VERIFICATION, {}, { token: me.accessToken });
    expect(res.data).toEqual({ requestEmailVerification: true });
    const newer = linkToken(await smtp.next(me.input.email), 'verify-email');

    expect(errorCode(await verify(older))).toBe('INVALID_TOKEN');
    expect((await verify(newer)).data).toEqual({ verifyEmail: true });
  });

  it('sends nothing to an address that is verified already', async () => {
    const me = await signUp(t.server);
    await verify(linkToken(await smtp.next(me.input.email), 'verify-email'));

    const res = await gql(t.server, REQUEST_EMAIL_VERIFICATION, {}, { token: me.accessToken });
    expect(res.data).toEqual({ requestEmailVerification: true });
    await t.app.get(Mailer).idle();
    expect(smtp.pending(me.input.email)).toEqual([]);
  });

  it('asks for a session to request a link', async () => {
    expect(errorCode(await gql(t.server, REQUEST_EMAIL_VERIFICATION))).toBe('UNAUTHENTICATED');
  });

  it('refuses a link past VERIFY_TOKEN_TTL, and unknown tokens', async () => {
    const me = await signUp(t.server);
    const token = linkToken(await smtp.next(me.input.email), 'verify-email');
    const [row] = await sql(t)<{ ttl: number }>(
      `select extract(epoch from expires_at - created_at)::int as ttl from email_tokens where user_id = ? and purpose = 'VERIFY_EMAIL'`,
      [me.user.id],
    );
    expect(row.ttl).toBe(24 * 3600);
    await sql(t)(`update email_tokens set expires_at = now() - interval '1 second' where user_id = ?`, [me.user.id]);

    expect(errorCode(await verify(token))).toBe('INVALID_TOKEN');
    expect(errorCode(await verify('B'.repeat(43)))).toBe('INVALID_TOKEN');
    expect(errorCode(await verify(''))).toBe('INVALID_TOKEN');
    expect(await verified(me.accessToken)).toBe(false);
  });

  it('refuses a link sent to an address the account no longer has', async () => {
    const me = await signUp(t.server);
    const token = linkToken(await smtp.next(me.input.email), 'verify-email');
    await sql(t)(`update users set email = ? where id = ?`, [userInput().email, me.user.id]);

    expect(errorCode(await verify(token))).toBe('INVALID_TOKEN');
  });

  it('records the request and the verification in the trail', async () => {
    const me = await signUp(t.server);
    await smtp.next(me.input.email);
    await gql(t.server, REQUEST_EMAIL_VERIFICATION, {}, { token: me.accessToken });
    await verify(linkToken(await smtp.next(me.input.email), 'verify-email'));

    const rows = await sql(t)<{ type: string }>(
      `select type from auth_events where user_id = ? and type like 'EMAIL_%' order by occurred_at`,
      [me.user.id],
    );
    expect(rows.map((r: { type: string }) => r.type)).toEqual(['EMAIL_VERIFICATION_REQUESTED', 'EMAIL_VERIFIED']);
  });
});

describe('with REQUIRE_EMAIL_VERIFICATION=true', () => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  beforeAll(async () => {
    smtp = await TestSmtpServer.start();
    t = await startApp({ SMTP_URL: smtp.url, REQUIRE_EMAIL_VERIFICATION: 'true' });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('signup creates the account and mails a link, but returns no tokens until it is followed', async () => {
    const input = userInput();
    const res = await gql(t.server, SIGNUP, { input });
    expect(errorCode(res)).toBe('EMAIL_NOT_VERIFIED');
    expect(res.data).toBeNull();
    const [user] = await sql(t)<{ id: string; sessions: number }>(
      'select u.id, (select count(*)::int from sessions s where s.user_id = u.id) as sessions from users u where email = ?',
      [input.email],
    );
    expect(user.sessions).toBe(0);

    const token = linkToken(await smtp.next(input.email), 'verify-email');
    expect(errorCode(await gql(t.server, LOGIN, { input: { email: input.email, password: input.password } }))).toBe(
      'EMAIL_NOT_VERIFIED',
    );
    expect((await gql(t.server, VERIFY_EMAIL, { token })).data).toEqual({ verifyEmail: true });

    const session = await logIn(t.server, input.email, input.password);
    expect(session.user.id).toBe(user.id);
  });

  it('login answers a wrong password as always, and EMAIL_NOT_VERIFIED only to the right one', async () => {
    const input = userInput();
    await gql(t.server, SIGNUP, { input });
    await smtp.next(input.email);

    expect(errorCode(await gql(t.server, LOGIN, { input: { email: input.email, password: 'a wrong password' } }))).toBe(
      'UNAUTHENTICATED',
    );
    expect(errorCode(await gql(t.server, LOGIN, { input: { email: input.email, password: input.password } }))).toBe(
      'EMAIL_NOT_VERIFIED',
    );
  });

  it('a refused login re-sends the link, at most once every 15 minutes', async () => {
    const input = userInput();
    await gql(t.server, SIGNUP, { input });
    const first = linkToken(await smtp.next(input.email), 'verify-email');
    const login = () => gql(t.server, LOGIN, { input: { email: input.email, password: input.password } });

    expect(errorCode(await login())).toBe('EMAIL_NOT_VERIFIED');
    await t.app.get(Mailer).idle();
    expect(smtp.pending(input.email)).toEqual([]);

    await sql(t)(`update email_tokens set created_at = now() - interval '16 minutes' where email = ?`, [input.email]);
    expect(errorCode(await login())).toBe('EMAIL_NOT_VERIFIED');
    const second = linkToken(await smtp.next(input.email), 'verify-email');

    expect(errorCode(await gql(t.server, VERIFY_EMAIL, { token: first }))).toBe('INVALID_TOKEN');
    expect((await gql(t.server, VERIFY_EMAIL, { token: second })).data).toEqual({ verifyEmail: true });
    expect((await login()).errors).toBeUndefined();
  });
});
