import { deriveKey } from '../src/two-factor/crypto/data-cipher';
import { SecretRotation } from '../src/two-factor/secret-rotation';
import { signUp } from './factories/user.factory';
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
  VERIFY_EMAIL,
  VIEWER,
} from './helpers/graphql';
import { linkToken, type ReceivedMail, TestSmtpServer } from './helpers/smtp';
import { challengeOf, claimsOf, SESSION_METHODS, totp, twoFactorClient, wrongCode } from './helpers/two-factor';

const DELETE_ACCOUNT = 'mutation($password: String!) { deleteAccount(password: $password) }';
const EVENTS = 'query Events { securityEvents(first: 50) { edges { node { type detail } } } }';
const RECOVERY_CODE = /^[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){3}$/;

/** The next message to `to` with `subject`, skipping others (signup's verification mail, say). */
async function mailTo(smtp: TestSmtpServer, to: string, subject: string): Promise<ReceivedMail> {
  for (;;) {
    const mail = await smtp.next(to);
    if (mail.subject === subject) return mail;
  }
}

describe('two-factor authentication', () => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  let tf: ReturnType<typeof twoFactorClient>;
  // Everything secret this suite was shown, for the last test to look for in the database.
  const shown: string[] = [];

  beforeAll(async () => {
    smtp = await TestSmtpServer.start();
    // The backoff is the subject of its own describe below; here it must not stop five wrong codes.
    t = await startApp({ SMTP_URL: smtp.url, LOGIN_BACKOFF_AFTER: '50' });
    tf = twoFactorClient(t.server);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  const login = (email: string, password: string, headers?: Record<string, string>) =>
    gql<{ login: { accessToken: string } }>(t.server, LOGIN, { input: { email, password } }, { headers });
  const sessionCount = async (userId: string) => {
    const [{ n }] = await sql(t)<{ n: number }>('select count(*)::int as n from sessions where user_id = ?', [userId]);
    return n;
  };
  /** A new account with two-factor on. */
  const enrolled = async () => {
    const me = await signUp(t.server);
    const enabled = await tf.enable(me.accessToken);
    shown.push(enabled.secret, ...enabled.codes);
    return { me, ...enabled };
  };

  it('sets up with a secret of 160 bits, its otpauth URL and a QR code, and is off until confirmed', async () => {
    const me = await signUp(t.server);
    const res = await tf.start(me.accessToken);
    const setup = res.data!.startTwoFactorSetup;
    shown.push(setup.secret);

    expect(setup.secret).toMatch(/^[A-Z2-7]{32}$/);
    const url = new URL(setup.otpauthUrl);
    expect(url.protocol).toBe('otpauth:');
    expect(url.host).toBe('totp');
    expect(decodeURIComponent(url.pathname)).toBe(`/Doorman:${me.input.email}`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      issuer: 'Doorman',
      secret: setup.secret,
      algorithm: 'SHA1',
      digits: '6',
      period: '30',
    });
    expect(setup.qrCodeSvg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"[\s\S]*<\/svg>\s*$/);
    expect(await tf.enabled(me.accessToken)).toBe(false);
    // Still off: a login needs only the password.
    expect(errorCode(await login(me.input.email, me.input.password))).toBeUndefined();
  });

  it('a new setup replaces an unconfirmed one: only the newest secret confirms', async () => {
    const me = await signUp(t.server);
    const first = (await tf.start(me.accessToken)).data!.startTwoFactorSetup.secret;
    const second = (await tf.start(me.accessToken)).data!.startTwoFactorSetup.secret;
    shown.push(first, second);

    expect(second).not.toBe(first);
    expect(errorCode(await tf.confirm(me.accessToken, totp(first)))).toBe('INVALID_CODE');
    expect((await tf.confirm(me.accessToken, totp(second))).data?.confirmTwoFactorSetup.codes).toHaveLength(10);
  });

  it('turns on with a code computed from the secret: ten recovery codes, a mail, and every other session ended', async () => {
    const me = await signUp(t.server);
    const other = await gql<{ login: { accessToken: string } }>(t.server, LOGIN, {
      input: { email: me.input.email, password: me.input.password },
    });
    const { secret } = (await tf.start(me.accessToken)).data!.startTwoFactorSetup;
    shown.push(secret);

    const wrong = await tf.confirm(me.accessToken, wrongCode(secret));
    expect(errorCode(wrong)).toBe('INVALID_CODE');
    expect(await tf.enabled(me.accessToken)).toBe(false);

    const res = await tf.confirm(me.accessToken, totp(secret));
    const { codes } = res.data!.confirmTwoFactorSetup;
    shown.push(...codes);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(RECOVERY_CODE);
    expect(await tf.enabled(me.accessToken)).toBe(true);

    expect(errorCode(await gql(t.server, VIEWER, {}, { token: other.data!.login.accessToken }))).toBe(
      'UNAUTHENTICATED',
    );
    expect(errorCode(await gql(t.server, VIEWER, {}, { token: me.accessToken }))).toBeUndefined();
    const mail = await mailTo(smtp, me.input.email, 'Two-factor authentication is on');
    expect(mail.text).toContain('Every other session was signed out');
    expect(errorCode(await tf.start(me.accessToken))).toBe('TWO_FACTOR_ALREADY_ENABLED');
    expect(errorCode(await tf.confirm(me.accessToken, totp(secret)))).toBe('TWO_FACTOR_ALREADY_ENABLED');
  });

  it('login answers TWO_FACTOR_REQUIRED with a challenge and no session; a wrong password still reads UNAUTHENTICATED', async () => {
    const { me } = await enrolled();
    const before = await sessionCount(me.user.id);

    const res = await login(me.input.email, me.input.password);
    expect(res.data).toBeNull();
    expect(res.errors).toHaveLength(1);
    const { extensions } = res.errors![0];
    expect(extensions).toEqual({
      code: 'TWO_FACTOR_REQUIRED',
      challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) as string,
      challengeExpiresAt: expect.any(String) as string,
      methods: ['TOTP', 'RECOVERY_CODE'],
    });
    const expiresIn = new Date(extensions!.challengeExpiresAt as string).getTime() - Date.now();
    expect(expiresIn).toBeGreaterThan(4 * 60_000);
    expect(expiresIn).toBeLessThanOrEqual(5 * 60_000);
    expect(res.text).not.toContain('accessToken');
    expect(await sessionCount(me.user.id)).toBe(before);
    shown.push(extensions!.challenge as string);

    const wrong = await login(me.input.email, 'not the password at all');
    expect(wrong.errors).toEqual([
      expect.objectContaining({ message: 'Invalid email or password', extensions: { code: 'UNAUTHENTICATED' } }),
    ]);
  });

  it('verifyTwoFactor signs in with the code of the next 30-second step (the drift window), amr pwd+otp', async () => {
    const { me, secret } = await enrolled();
    const challenge = challengeOf(await login(me.input.email, me.input.password));

    const res = await tf.verify(challenge, totp(secret, 1));
    const payload = res.data!.verifyTwoFactor;
    expect(payload.user.id).toBe(me.user.id);
    expect(claimsOf(payload.accessToken).amr).toEqual(['pwd', 'otp', 'mfa']);
    expect(claimsOf(me.accessToken).amr).toEqual(['pwd']);

    const sessions = await gql<{ sessions: { current: boolean; authMethods: string[] }[] }>(
      t.server,
      SESSION_METHODS,
      {},
      { token: payload.accessToken },
    );
    expect(sessions.data!.sessions.find((s) => s.current)?.authMethods).toEqual(['PASSWORD', 'TOTP']);
    expect(sessions.data!.sessions.find((s) => !s.current)?.authMethods).toEqual(['PASSWORD']);
    // The refreshed token says the same.
    const refreshed = await gql<{ refreshToken: { accessToken: string } }>(t.server, REFRESH, {
      token: payload.refreshToken,
    });
    expect(claimsOf(refreshed.data!.refreshToken.accessToken).amr).toEqual(['pwd', 'otp', 'mfa']);
    // The challenge is spent.
    expect(errorCode(await tf.verify(challenge, totp(secret, 1)))).toBe('UNAUTHENTICATED');
  });

  it('accepts a code once per account: the same code in a new challenge is refused (replay)', async () => {
    const { me, secret, confirmedWith } = await enrolled();
    const code = totp(secret, 1);
    const first = challengeOf(await login(me.input.email, me.input.password));
    expect((await tf.verify(first, code)).data?.verifyTwoFactor.user.id).toBe(me.user.id);

    const second = challengeOf(await login(me.input.email, me.input.password));
    const replay = await tf.verify(second, code);
    expect(errorCode(replay)).toBe('INVALID_CODE');
    expect(replay.errors![0].extensions!.attemptsLeft).toBe(4);
    // The code that turned it on is spent too.
    expect(errorCode(await tf.verify(second, confirmedWith))).toBe('INVALID_CODE');
  });

  it('signs in with a recovery code exactly once (any case, dashes optional), audited and mailed', async () => {
    const { me, codes } = await enrolled();
    const [code] = codes;
    const typed = code.replace(/-/g, '').toUpperCase();

    const challenge = challengeOf(await login(me.input.email, me.input.password));
    const res = await tf.verify(challenge, typed);
    const payload = res.data!.verifyTwoFactor;
    expect(claimsOf(payload.accessToken).amr).toEqual(['pwd', 'mfa']);
    const sessions = await gql<{ sessions: { current: boolean; authMethods: string[] }[] }>(
      t.server,
      SESSION_METHODS,
      {},
      { token: payload.accessToken },
    );
    expect(sessions.data!.sessions.find((s) => s.current)?.authMethods).toEqual(['PASSWORD', 'RECOVERY_CODE']);

    const mail = await mailTo(smtp, me.input.email, 'A recovery code was used');
    expect(mail.text).toContain('9 unused recovery codes are left');
    expect(mail.text).not.toContain(code);
    const events = await gql<{ securityEvents: { edges: { node: { type: string; detail: string | null } }[] } }>(
      t.server,
      EVENTS,
      {},
      { token: payload.accessToken },
    );
    const types = events.data!.securityEvents.edges.map((edge) => edge.node);
    expect(types).toEqual(
      expect.arrayContaining([
        { type: 'RECOVERY_CODE_USED', detail: null },
        { type: 'LOGIN_SUCCEEDED', detail: 'RECOVERY_CODE' },
        { type: 'TWO_FACTOR_ENABLED', detail: null },
      ]),
    );

    const again = challengeOf(await login(me.input.email, me.input.password));
    expect(errorCode(await tf.verify(again, code))).toBe('INVALID_CODE');
    expect((await tf.verify(again, codes[1])).data?.verifyTwoFactor.user.id).toBe(me.user.id);
  });

  it('ends a challenge after five wrong codes: even the right code is refused then', async () => {
    const { me, secret } = await enrolled();
    const challenge = challengeOf(await login(me.input.email, me.input.password));
    const wrong = wrongCode(secret);

    const left: unknown[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await tf.verify(challenge, wrong);
      expect(errorCode(res)).toBe('INVALID_CODE');
      left.push(res.errors![0].extensions!.attemptsLeft);
    }
    expect(left).toEqual([4, 3, 2, 1, 0]);

    const late = await tf.verify(challenge, totp(secret, 1));
    expect(errorCode(late)).toBe('UNAUTHENTICATED');
    expect(late.errors![0].message).toMatch(/sign in again/);
    const [{ failed }] = await sql(t)<{ failed: number }>(
      "select count(*)::int as failed from auth_events where user_id = ? and type = 'TWO_FACTOR_FAILED'",
      [me.user.id],
    );
    expect(failed).toBe(5);
    // A new login gets a new challenge, and the right code works there.
    const fresh = challengeOf(await login(me.input.email, me.input.password));
    expect((await tf.verify(fresh, totp(secret, 1))).data?.verifyTwoFactor.user.id).toBe(me.user.id);
  });

  it('gives exactly one session to ten parallel verifications with one right code', async () => {
    const { me, secret } = await enrolled();
    const challenge = challengeOf(await login(me.input.email, me.input.password));
    const before = await sessionCount(me.user.id);
    const code = totp(secret, 1);

    const results = await Promise.all(Array.from({ length: 10 }, () => tf.verify(challenge, code)));

    const winners = results.filter((res) => res.data?.verifyTwoFactor);
    expect(winners).toHaveLength(1);
    for (const res of results.filter((r) => !r.data?.verifyTwoFactor)) {
      expect(['UNAUTHENTICATED', 'INVALID_CODE']).toContain(errorCode(res));
    }
    expect(await sessionCount(me.user.id)).toBe(before + 1);
  });

  it('works with the cookie transport: the tokens arrive as cookies, not in the body', async () => {
    const { me, secret } = await enrolled();
    const res = await login(me.input.email, me.input.password, { 'x-auth-transport': 'cookie' });
    const challenge = challengeOf(res);

    const verified = await tf.verify(challenge, totp(secret, 1), { 'x-auth-transport': 'cookie' });
    expect(verified.data!.verifyTwoFactor).toMatchObject({ accessToken: null, refreshToken: null });
    expect(verified.data!.verifyTwoFactor.user.id).toBe(me.user.id);
  });

  it('a password reset, and following the verification link, leave two-factor on: the next login still asks', async () => {
    const me = await signUp(t.server);
    const verifyToken = linkToken(await mailTo(smtp, me.input.email, 'Confirm your email address'), 'verify-email');
    const { secret, codes } = await tf.enable(me.accessToken);
    shown.push(secret, ...codes);

    expect((await gql(t.server, VERIFY_EMAIL, { token: verifyToken })).data).toEqual({ verifyEmail: true });
    await gql(t.server, REQUEST_PASSWORD_RESET, { email: me.input.email });
    const resetToken = linkToken(await mailTo(smtp, me.input.email, 'Reset your password'), 'reset-password');
    const newPassword = 'a completely new passphrase';
    expect((await gql(t.server, RESET_PASSWORD, { input: { token: resetToken, newPassword } })).data).toEqual({
      resetPassword: true,
    });

    const res = await login(me.input.email, newPassword);
    const challenge = challengeOf(res);
    const signedIn = await tf.verify(challenge, totp(secret, 1));
    expect(await tf.enabled(signedIn.data!.verifyTwoFactor.accessToken)).toBe(true);
  });

  it('a new password ends every login still waiting for its code: after a reset, and after a change', async () => {
    const { me, secret, codes } = await enrolled();

    // A login got past the password and waits for its code; the owner resets the password meanwhile.
    const beforeReset = challengeOf(await login(me.input.email, me.input.password));
    await gql(t.server, REQUEST_PASSWORD_RESET, { email: me.input.email });
    const resetToken = linkToken(await mailTo(smtp, me.input.email, 'Reset your password'), 'reset-password');
    const newPassword = 'the passphrase after the reset';
    expect((await gql(t.server, RESET_PASSWORD, { input: { token: resetToken, newPassword } })).data).toEqual({
      resetPassword: true,
    });
    expect(errorCode(await tf.verify(beforeReset, codes[0]))).toBe('UNAUTHENTICATED');

    // The same with a change of password from a signed-in session.
    const signedIn = await tf.verify(challengeOf(await login(me.input.email, newPassword)), codes[1]);
    const token = signedIn.data!.verifyTwoFactor.accessToken;
    const beforeChange = challengeOf(await login(me.input.email, newPassword));
    const changed = await gql(
      t.server,
      CHANGE_PASSWORD,
      { input: { currentPassword: newPassword, newPassword: 'the passphrase after the change' } },
      { token },
    );
    expect(changed.errors).toBeUndefined();
    expect(errorCode(await tf.verify(beforeChange, totp(secret, 1)))).toBe('UNAUTHENTICATED');

    // Control: that code was good (setup spent the current step's); a login begun after the change signs in with it.
    const after = challengeOf(await login(me.input.email, 'the passphrase after the change'));
    const control = await tf.verify(after, totp(secret, 1));
    expect(control.errors).toBeUndefined();
  });

  it('refuses bad input with a code, never a crash', async () => {
    const { me } = await enrolled();
    expect(errorCode(await tf.verify('not-a-challenge', '123456'))).toBe('UNAUTHENTICATED');
    expect(errorCode(await tf.verify('x'.repeat(300), '123456'))).toBe('BAD_USER_INPUT');
    const challenge = challengeOf(await login(me.input.email, me.input.password));
    const long = await tf.verify(challenge, '1'.repeat(65));
    expect(errorCode(long)).toBe('BAD_USER_INPUT');
    expect(long.errors![0].extensions!.fields).toEqual([
      { field: 'code', messages: ['code must be at most 64 characters long'] },
    ]);
    expect(errorCode(await tf.verify(challenge, 'not a code at all'))).toBe('INVALID_CODE');
    expect(errorCode(await gql(t.server, 'mutation { verifyTwoFactor(challenge: 1, code: 2) { accessToken } }'))).toBe(
      'GRAPHQL_VALIDATION_FAILED',
    );

    const other = await signUp(t.server);
    expect(errorCode(await tf.confirm(other.accessToken, '123456'))).toBe('TWO_FACTOR_NOT_ENABLED');
    expect(errorCode(await tf.disable(other.accessToken, '123456'))).toBe('TWO_FACTOR_NOT_ENABLED');
    expect(errorCode(await tf.regenerate(other.accessToken, '123456'))).toBe('TWO_FACTOR_NOT_ENABLED');
    expect(errorCode(await tf.start(''))).toBe('UNAUTHENTICATED');
  });

  it('keeps no secret, recovery code or challenge in clear anywhere in the database', async () => {
    // Its own account too, so the scan has something to find even when this test runs alone.
    const { me } = await enrolled();
    shown.push(challengeOf(await login(me.input.email, me.input.password)));
    const query = sql(t);
    const columns = await query<{ table_name: string; column_name: string }>(
      `select table_name, column_name from information_schema.columns
       where table_schema = current_schema() and data_type in ('text', 'character varying', 'character', 'ARRAY', 'json', 'jsonb')`,
    );
    expect(columns.map((c: { table_name: string; column_name: string }) => `${c.table_name}.${c.column_name}`)).toEqual(
      expect.arrayContaining(['two_factor_credentials.secret', 'recovery_codes.code_hash', 'auth_events.detail']),
    );
    // Each shown value in the forms it could be stored in: as shown, lower case, and a code without dashes.
    const needles = [...new Set(shown.flatMap((value) => [value, value.toLowerCase(), value.replace(/-/g, '')]))];
    for (const { table_name, column_name } of columns) {
      const [{ hits }] = await query<{ hits: number }>(
        `select count(*)::int as hits from "${table_name}" where "${column_name}"::text ilike any (array[${needles.map(() => '?').join(', ')}])`,
        needles.map((needle) => `%${needle}%`),
      );
      expect({ column: `${table_name}.${column_name}`, hits }).toEqual({
        column: `${table_name}.${column_name}`,
        hits: 0,
      });
    }
    const [row] = await query<{ secret: string; key_id: string }>(
      'select secret, key_id from two_factor_credentials limit 1',
    );
    expect(row.secret).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(row.key_id).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('two-factor and the login backoff', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ LOGIN_BACKOFF_AFTER: '3', LOGIN_BACKOFF_BASE: '1m' });
  });
  afterAll(() => t.close());

  it("counts wrong codes in the account's backoff, and the right password alone never resets it", async () => {
    const tf = twoFactorClient(t.server);
    const me = await signUp(t.server);
    const { secret } = await tf.enable(me.accessToken);
    const login = () => gql(t.server, LOGIN, { input: { email: me.input.email, password: me.input.password } });

    // Two right passwords (each earns a challenge, neither ends the streak), then a wrong code: three failures.
    challengeOf(await login());
    const challenge = challengeOf(await login());
    expect(errorCode(await tf.verify(challenge, wrongCode(secret)))).toBe('INVALID_CODE');

    const refused = await tf.verify(challenge, totp(secret, 1));
    expect(errorCode(refused)).toBe('TOO_MANY_REQUESTS');
    expect(refused.errors![0].extensions!.retryAfter).toBeGreaterThan(0);
    expect(errorCode(await login())).toBe('TOO_MANY_REQUESTS');
  });
});

describe('two-factor and the per-IP limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ RATE_LIMIT_LOGIN_PER_IP: '3/1m' });
  });
  afterAll(() => t.close());

  it('counts verifyTwoFactor against the per-IP credential budget', async () => {
    const tf = twoFactorClient(t.server);
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push(errorCode(await tf.verify('A'.repeat(43), '123456')));
    expect(codes).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED', 'TOO_MANY_REQUESTS']);
  });
});

describe('step-up with a short REAUTH_WINDOW', () => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  let tf: ReturnType<typeof twoFactorClient>;
  beforeAll(async () => {
    smtp = await TestSmtpServer.start();
    t = await startApp({ SMTP_URL: smtp.url, REAUTH_WINDOW: '30s' });
    tf = twoFactorClient(t.server);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  /** The session authenticated a minute ago, past the 30-second window (time arranged in the database, not waited for). */
  const age = (accessToken: string) =>
    sql(t)("update sessions set authenticated_at = authenticated_at - interval '1 minute' where id = ?", [
      claimsOf(accessToken).sid,
    ]);

  it('asks a session that authenticated too long ago to reauthenticate before each sensitive change', async () => {
    const me = await signUp(t.server);
    const token = me.accessToken;
    // Two-factor off: changing the password needs no step-up, only the password.
    await age(token);
    expect(errorCode(await tf.start(token))).toBe('REAUTHENTICATION_REQUIRED');

    expect(errorCode(await tf.reauthenticate(token, 'not my password'))).toBe('UNAUTHENTICATED');
    const renewed = await tf.reauthenticate(token, me.input.password);
    const until = new Date(renewed.data!.reauthenticate).getTime() - Date.now();
    expect(until).toBeGreaterThan(0);
    expect(until).toBeLessThanOrEqual(30_000);

    const { secret, codes } = await tf.enable(token);
    await age(token);
    for (const res of [
      await tf.start(token),
      await tf.disable(token, codes[0]),
      await tf.regenerate(token, codes[0]),
      await gql(
        t.server,
        CHANGE_PASSWORD,
        { input: { currentPassword: me.input.password, newPassword: 'another long passphrase' } },
        { token },
      ),
      await gql(t.server, DELETE_ACCOUNT, { password: me.input.password }, { token }),
    ]) {
      expect(errorCode(res)).toBe('REAUTHENTICATION_REQUIRED');
    }
    // Nothing was spent or changed: the recovery code still works below.

    // With two-factor on, the password alone is not enough, and a wrong code reads like a wrong password.
    expect(errorCode(await tf.reauthenticate(token, me.input.password))).toBe('BAD_USER_INPUT');
    const wrong = await tf.reauthenticate(token, me.input.password, wrongCode(secret));
    expect(errorCode(wrong)).toBe('UNAUTHENTICATED');
    expect(wrong.errors![0].message).toBe('Password or code is incorrect');
    expect(errorCode(await tf.reauthenticate(token, 'not my password', totp(secret, 1)))).toBe('UNAUTHENTICATED');
    expect((await tf.reauthenticate(token, me.input.password, totp(secret, 1))).data?.reauthenticate).toEqual(
      expect.any(String),
    );

    // Regenerating: a code is needed (here a recovery code), the old codes stop working, a mail goes out.
    expect(errorCode(await tf.regenerate(token, wrongCode(secret)))).toBe('INVALID_CODE');
    const regenerated = (await tf.regenerate(token, codes[0])).data!.regenerateRecoveryCodes.codes;
    expect(regenerated).toHaveLength(10);
    expect(regenerated).not.toContain(codes[1]);
    await mailTo(smtp, me.input.email, 'New recovery codes');
    const challenge = challengeOf(
      await gql(t.server, LOGIN, { input: { email: me.input.email, password: me.input.password } }),
    );
    expect(errorCode(await tf.verify(challenge, codes[1]))).toBe('INVALID_CODE');

    // Turning it off: then a login needs only the password again.
    expect((await tf.disable(token, regenerated[0])).data).toEqual({ disableTwoFactor: true });
    await mailTo(smtp, me.input.email, 'Two-factor authentication is off');
    expect(await tf.enabled(token)).toBe(false);
    const plain = await gql<{ login: { accessToken: string } }>(t.server, LOGIN, {
      input: { email: me.input.email, password: me.input.password },
    });
    expect(claimsOf(plain.data!.login.accessToken).amr).toEqual(['pwd']);
    // And with it off, an old session changes its password without a step-up.
    await age(token);
    const changed = await gql(
      t.server,
      CHANGE_PASSWORD,
      { input: { currentPassword: me.input.password, newPassword: 'another long passphrase' } },
      { token },
    );
    expect(errorCode(changed)).toBeUndefined();
    const [{ n }] = await sql(t)<{ n: number }>(
      "select count(*)::int as n from auth_events where user_id = ? and type = 'REAUTHENTICATED'",
      [me.user.id],
    );
    expect(n).toBe(2);
  });

  it('lets a session that just signed in (or reauthenticated) delete the account with two-factor on', async () => {
    const me = await signUp(t.server);
    const { secret } = await tf.enable(me.accessToken);
    const challenge = challengeOf(
      await gql(t.server, LOGIN, { input: { email: me.input.email, password: me.input.password } }),
    );
    const fresh = (await tf.verify(challenge, totp(secret, 1))).data!.verifyTwoFactor;
    expect(
      (await gql(t.server, DELETE_ACCOUNT, { password: me.input.password }, { token: fresh.accessToken })).data,
    ).toEqual({
      deleteAccount: true,
    });
    const [{ n }] = await sql(t)<{ n: number }>(
      'select count(*)::int as n from two_factor_credentials where user_id = ?',
      [me.user.id],
    );
    expect(n).toBe(0);
  });
});

describe('rotating DATA_ENCRYPTION_KEY', () => {
  const OLD = 'the-old-data-encryption-key-for-this-test-32+';
  const NEW = 'the-new-data-encryption-key-for-this-test-32+';

  it('re-seals every secret under the new key, and the second factor keeps working', async () => {
    const before = await startApp({ DATA_ENCRYPTION_KEY: OLD });
    let me: Awaited<ReturnType<typeof signUp>>;
    let secret: string;
    try {
      me = await signUp(before.server);
      ({ secret } = await twoFactorClient(before.server).enable(me.accessToken));
    } finally {
      await before.close();
    }

    const after = await startApp({ DATA_ENCRYPTION_KEY: NEW, DATA_ENCRYPTION_KEY_PREVIOUS: OLD });
    try {
      const rotation = after.app.get(SecretRotation);
      // Start-up began re-sealing in the background; this run finishes whatever it has not done.
      await rotation.rotate();
      const current = deriveKey(NEW).id;
      const [row] = await sql(after)<{ key_id: string }>(
        'select key_id from two_factor_credentials where user_id = ?',
        [me.user.id],
      );
      expect(row.key_id).toBe(current);
      expect(row.key_id).not.toBe(deriveKey(OLD).id);

      const login = await gql(after.server, LOGIN, { input: { email: me.input.email, password: me.input.password } });
      const verified = await twoFactorClient(after.server).verify(challengeOf(login), totp(secret, 1));
      expect(verified.data?.verifyTwoFactor.user.id).toBe(me.user.id);
      // Apps of other test files share this database under the usual test key: leave them nothing they cannot open.
      await sql(after)('delete from users where id = ?', [me.user.id]);
    } finally {
      await after.close();
    }
  });
});
