import { createHash } from 'node:crypto';
import { Mailer } from '../src/mail/mailer.service';
import { logIn, signUp, userInput } from './factories/user.factory';
import { startApp, type TestApp } from './helpers/app';
import { sql } from './helpers/db';
import {
  CHANGE_PASSWORD,
  errorCode,
  gql,
  LOGIN,
  REFRESH,
  REQUEST_PASSWORD_RESET,
  RESET_PASSWORD,
  VIEWER,
  VIEWER_VERIFIED,
} from './helpers/graphql';
import { linkToken, TestSmtpServer } from './helpers/smtp';

const APP_URL = 'https://app.example.test';
const NEW_PASSWORD = 'a brand new passphrase, long enough';

describe('password reset by email', () => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  beforeAll(async () => {
    smtp = await TestSmtpServer.start();
    t = await startApp({ SMTP_URL: smtp.url, APP_URL, MAIL_FROM: 'Doorman <no-reply@example.test>' });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  /** A new account, its verification mail already taken from the server. */
  const account = async () => {
    const me = await signUp(t.server);
    await smtp.next(me.input.email);
    return me;
  };
  const requestReset = (email: string) =>
    gql<{ requestPasswordReset: boolean }>(t.server, REQUEST_PASSWORD_RESET, { email });
  const reset = (token: string, newPassword = NEW_PASSWORD) =>
    gql<{ resetPassword: boolean }>(t.server, RESET_PASSWORD, { input: { token, newPassword } });
  const resetToken = async (email: string) => {
    expect((await requestReset(email)).data).toEqual({ requestPasswordReset: true });
    return linkToken(await smtp.next(email), 'reset-password');
  };
  /** Every queued message delivered or given up: lets a test say that no mail was sent. */
  const settled = () => t.app.get(Mailer).idle();

  it('mails a link that sets a new password and ends every session, a stolen one included', async () => {
    const me = await account();
    const stolen = await logIn(t.server, me.input.email, me.input.password);

    expect((await requestReset(me.input.email.toUpperCase())).data).toEqual({ requestPasswordReset: true });
    const mail = await smtp.next(me.input.email);
    expect(mail.from).toMatch(/^"?Doorman"? <no-reply@example.test>$/);
    expect(mail.subject).toBe('Reset your password');
    expect(mail.text).toContain(`${APP_URL}/reset-password?token=`);
    expect(mail.text).toContain('30 minutes');
    const token = linkToken(mail, 'reset-password');
    expect(mail.html).toContain(`href="${APP_URL}/reset-password?token=${token}"`);

    expect((await reset(token)).data).toEqual({ resetPassword: true });

    expect(errorCode(await gql(t.server, VIEWER, {}, { token: stolen.accessToken }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await gql(t.server, VIEWER, {}, { token: me.accessToken }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await gql(t.server, REFRESH, { token: stolen.refreshToken }))).toBe('UNAUTHENTICATED');
    expect(
      errorCode(await gql(t.server, LOGIN, { input: { email: me.input.email, password: me.input.password } })),
    ).toBe('UNAUTHENTICATED');
    const fresh = await logIn(t.server, me.input.email, NEW_PASSWORD);
    // The link came through the inbox, which proves the address too.
    expect((await gql(t.server, VIEWER_VERIFIED, {}, { token: fresh.accessToken })).data).toEqual({
      viewer: { id: me.user.id, email: me.input.email, emailVerified: true },
    });
  });

  it('leaves no session behind for a login that races the reset with the old password', async () => {
    const me = await account();
    const token = await resetToken(me.input.email);
    const [login, done] = await Promise.all([
      gql<{ login: { accessToken: string } }>(t.server, LOGIN, {
        input: { email: me.input.email, password: me.input.password },
      }),
      reset(token),
    ]);
    expect(done.data).toEqual({ resetPassword: true });
    // Either the login lost the race (refused) or its session was ended by the reset: never a live one.
    if (login.data?.login)
      expect(errorCode(await gql(t.server, VIEWER, {}, { token: login.data.login.accessToken }))).toBe(
        'UNAUTHENTICATED',
      );
    else expect(errorCode(login)).toBe('UNAUTHENTICATED');
    const [{ live }] = await sql(t)<{ live: number }>(
      'select count(*)::int as live from sessions where user_id = ? and revoked_at is null',
      [me.user.id],
    );
    expect(live).toBe(0);
  });

  it('spends the token: a second use is refused with INVALID_TOKEN', async () => {
    const me = await account();
    const token = await resetToken(me.input.email);
    expect((await reset(token)).data).toEqual({ resetPassword: true });

    const again = await reset(token, 'yet another passphrase for this');
    expect(errorCode(again)).toBe('INVALID_TOKEN');
    expect(again.data).toBeNull();
    await logIn(t.server, me.input.email, NEW_PASSWORD);
  });

  it('lets ten parallel redemptions of one token succeed exactly once', async () => {
    const me = await account();
    const token = await resetToken(me.input.email);
    const passwords = Array.from({ length: 10 }, (_, i) => `parallel passphrase number ${i}`);

    const results = await Promise.all(passwords.map((password) => reset(token, password)));

    const winners = results.flatMap((res, i) => (res.data?.resetPassword === true ? [passwords[i]] : []));
    expect(winners).toHaveLength(1);
    expect(results.filter((res) => errorCode(res) === 'INVALID_TOKEN')).toHaveLength(9);
    await logIn(t.server, me.input.email, winners[0]);
  });

  it('answers true for an address with no account, sends nothing, and records the attempt', async () => {
    const nobody = userInput().email;
    expect((await requestReset(nobody)).data).toEqual({ requestPasswordReset: true });
    await settled();
    expect(smtp.pending(nobody)).toEqual([]);
    const [row] = await sql(t)<{ user_id: string | null }>(
      `select user_id from auth_events where type = 'PASSWORD_RESET_REQUESTED' and email = ?`,
      [nobody],
    );
    expect(row).toEqual({ user_id: null });
  });

  it('stores only a hash of the token, which expires after RESET_TOKEN_TTL', async () => {
    const me = await account();
    const token = await resetToken(me.input.email);
    const rows = await sql(t)<{ token_hash: string; ttl: number }>(
      `select token_hash, extract(epoch from expires_at - created_at)::int as ttl from email_tokens where user_id = ? and purpose = 'RESET_PASSWORD'`,
      [me.user.id],
    );
    expect(rows).toEqual([{ token_hash: createHash('sha256').update(token).digest('hex'), ttl: 30 * 60 }]);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);

    await sql(t)(`update email_tokens set expires_at = now() - interval '1 second' where user_id = ?`, [me.user.id]);
    expect(errorCode(await reset(token))).toBe('INVALID_TOKEN');
    await logIn(t.server, me.input.email, me.input.password);
  });

  it('lets only the newest link work', async () => {
    const me = await account();
    const older = await resetToken(me.input.email);
    const newer = await resetToken(me.input.email);

    expect(errorCode(await reset(older))).toBe('INVALID_TOKEN');
    expect((await reset(newer)).data).toEqual({ resetPassword: true });
  });

  it('applies the password rules, and a refused password leaves the link usable', async () => {
    const me = await account();
    const token = await resetToken(me.input.email);

    const short = await reset(token, 'short');
    expect(errorCode(short)).toBe('BAD_USER_INPUT');
    const common = await reset(token, 'password1234');
    expect(errorCode(common)).toBe('BAD_USER_INPUT');
    expect(common.errors?.[0].extensions?.fields).toEqual([
      { field: 'newPassword', messages: [expect.stringMatching(/common/)] },
    ]);
    const personal = await reset(token, `${me.input.email.split('@')[0]}!2024`);
    expect(errorCode(personal)).toBe('BAD_USER_INPUT');

    expect((await reset(token)).data).toEqual({ resetPassword: true });
  });

  it('refuses unknown and malformed tokens, and a malformed address, each with its code', async () => {
    expect(errorCode(await reset('A'.repeat(43)))).toBe('INVALID_TOKEN');
    expect(errorCode(await reset('not a token'))).toBe('INVALID_TOKEN');
    expect(errorCode(await reset('x'.repeat(300)))).toBe('BAD_USER_INPUT');
    expect(errorCode(await requestReset('not an address'))).toBe('BAD_USER_INPUT');
    expect(errorCode(await gql(t.server, RESET_PASSWORD, { input: { token: 5, newPassword: NEW_PASSWORD } }))).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('voids outstanding reset links when the password is changed', async () => {
    const me = await account();
    const token = await resetToken(me.input.email);
    const changed = await gql(
      t.server,
      CHANGE_PASSWORD,
      { input: { currentPassword: me.input.password, newPassword: NEW_PASSWORD } },
      { token: me.accessToken },
    );
    expect(changed.errors).toBeUndefined();

    expect(errorCode(await reset(token, 'the attacker picks this one'))).toBe('INVALID_TOKEN');
    await logIn(t.server, me.input.email, NEW_PASSWORD);
  });

  it('allows one mail-sending mutation per operation', async () => {
    const me = await account();
    const res = await gql(
      t.server,
      `mutation { a: requestPasswordReset(email: "${me.input.email}") b: requestPasswordReset(email: "${me.input.email}") }`,
    );
    expect(res.errors?.[0].message).toMatch(/At most one of .*requestPasswordReset.* per operation/);
    expect(res.data ?? null).toBeNull();
    await settled();
    expect(smtp.pending(me.input.email)).toEqual([]);
  });

  it('records the request and the reset in the trail', async () => {
    const me = await account();
    await reset(await resetToken(me.input.email));
    const rows = await sql(t)<{ type: string; detail: string | null }>(
      `select type, detail from auth_events where user_id = ? and type like 'PASSWORD_RESET%' order by occurred_at, type`,
      [me.user.id],
    );
    expect(rows).toEqual([
      { type: 'PASSWORD_RESET_REQUESTED', detail: null },
      { type: 'PASSWORD_RESET', detail: 'SESSIONS_ENDED_1' },
    ]);
  });
});

describe('password reset after a login backoff', () => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  beforeAll(async () => {
    smtp = await TestSmtpServer.start();
    t = await startApp({ SMTP_URL: smtp.url, LOGIN_BACKOFF_AFTER: '2', LOGIN_BACKOFF_BASE: '10m' });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('lets the owner sign in at once with the new password', async () => {
    const me = await signUp(t.server);
    await smtp.next(me.input.email);
    for (let i = 0; i < 3; i++)
      await gql(t.server, LOGIN, { input: { email: me.input.email, password: 'a wrong guess' } });
    expect(
      errorCode(await gql(t.server, LOGIN, { input: { email: me.input.email, password: me.input.password } })),
    ).toBe('TOO_MANY_REQUESTS');

    await gql(t.server, REQUEST_PASSWORD_RESET, { email: me.input.email });
    const token = linkToken(await smtp.next(me.input.email), 'reset-password');
    expect((await gql(t.server, RESET_PASSWORD, { input: { token, newPassword: NEW_PASSWORD } })).data).toEqual({
      resetPassword: true,
    });

    await logIn(t.server, me.input.email, NEW_PASSWORD);
  });
});
