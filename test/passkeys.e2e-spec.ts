import { createHash } from 'node:crypto';
import { signUp } from './factories/user.factory';
import { startApp, type TestApp } from './helpers/app';
import { sql } from './helpers/db';
import { type AuthPayload, errorCode, gql, LOGIN } from './helpers/graphql';
import { SoftwareAuthenticator, type Tampering } from './helpers/software-authenticator';
import { type ReceivedMail, TestSmtpServer } from './helpers/smtp';
import { challengeOf, claimsOf, SESSION_METHODS, twoFactorClient } from './helpers/two-factor';

const RP_ID = 'doorman.test';
const ORIGIN = 'https://doorman.test';
const OPTIONS = 'challenge options';
const PASSKEY = 'id name createdAt lastUsedAt backedUp';
const PAYLOAD = 'accessToken refreshToken user { id email }';
const START_REGISTRATION = `mutation { startPasskeyRegistration { ${OPTIONS} } }`;
const FINISH_REGISTRATION = `mutation Finish($challenge: String!, $response: JSONObject!, $name: String) {
  finishPasskeyRegistration(challenge: $challenge, response: $response, name: $name) { ${PASSKEY} } }`;
const START_LOGIN = `mutation Start($email: String) { startPasskeyLogin(email: $email) { ${OPTIONS} } }`;
const FINISH_LOGIN = `mutation FinishLogin($challenge: String!, $response: JSONObject!) {
  finishPasskeyLogin(challenge: $challenge, response: $response) { ${PAYLOAD} } }`;
const PASSKEYS = `query { passkeys { ${PASSKEY} } }`;
const RENAME = `mutation($id: ID!, $name: String!) { renamePasskey(id: $id, name: $name) { ${PASSKEY} } }`;
const REMOVE = 'mutation($id: ID!) { removePasskey(id: $id) }';
const DELETE_ACCOUNT = 'mutation($password: String!) { deleteAccount(password: $password) }';
const EVENTS = 'query { securityEvents(first: 50) { edges { node { type detail } } } }';

interface Challenge {
  challenge: string;
  options: Record<string, unknown> & { challenge: string };
}
interface Passkey {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  backedUp: boolean;
}

describe('passkeys', () => {
  let smtp: TestSmtpServer;
  let t: TestApp;

  beforeAll(async () => {
    smtp = await TestSmtpServer.start();
    t = await startApp({
      SMTP_URL: smtp.url,
      WEBAUTHN_RP_ID: RP_ID,
      WEBAUTHN_ORIGINS: ORIGIN,
      LOGIN_BACKOFF_AFTER: '50',
    });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  const startRegistration = async (token: string) => {
    const res = await gql<{ startPasskeyRegistration: Challenge }>(t.server, START_REGISTRATION, {}, { token });
    if (!res.data) throw new Error(`startPasskeyRegistration failed: ${res.text}`);
    return res.data.startPasskeyRegistration;
  };
  const finishRegistration = (token: string, challenge: string, response: object, name?: string) =>
    gql<{ finishPasskeyRegistration: Passkey }>(
      t.server,
      FINISH_REGISTRATION,
      { challenge, response, name },
      { token },
    );
  /** Registers a passkey on `authenticator` for the account of `token`. */
  const register = async (token: string, authenticator: SoftwareAuthenticator, name?: string) => {
    const { challenge, options } = await startRegistration(token);
    const res = await finishRegistration(token, challenge, authenticator.create(options as never), name);
    if (!res.data) throw new Error(`finishPasskeyRegistration failed: ${res.text}`);
    return { passkey: res.data.finishPasskeyRegistration, credential: authenticator.credentials.at(-1)! };
  };
  const startLogin = async (email?: string) => {
    const res = await gql<{ startPasskeyLogin: Challenge }>(t.server, START_LOGIN, { email });
    if (!res.data) throw new Error(`startPasskeyLogin failed: ${res.text}`);
    return res.data.startPasskeyLogin;
  };
  const finishLogin = (challenge: string, response: object, headers?: Record<string, string>) =>
    gql<{ finishPasskeyLogin: AuthPayload }>(t.server, FINISH_LOGIN, { challenge, response }, { headers });
  /** A full passkey sign-in with `authenticator`; the answer of finishPasskeyLogin. */
  const logInWith = async (authenticator: SoftwareAuthenticator, tampering: Tampering = {}, email?: string) => {
    const { challenge, options } = await startLogin(email);
    return finishLogin(challenge, authenticator.get(options, tampering));
  };
  /** A new account with one passkey on a fresh authenticator. */
  const withPasskey = async () => {
    const me = await signUp(t.server);
    const authenticator = new SoftwareAuthenticator(ORIGIN);
    const { passkey, credential } = await register(me.accessToken, authenticator);
    return { me, authenticator, passkey, credential };
  };
  const passkeysOf = async (token: string) =>
    (await gql<{ passkeys: Passkey[] }>(t.server, PASSKEYS, {}, { token })).data!.passkeys;
  const events = async (token: string) =>
    (
      await gql<{ securityEvents: { edges: { node: { type: string; detail: string | null } }[] } }>(
        t.server,
        EVENTS,
        {},
        { token },
      )
    ).data!.securityEvents.edges.map(({ node }) => node);
  const mailTo = async (to: string, subject: string): Promise<ReceivedMail> => {
    for (;;) {
      const mail = await smtp.next(to);
      if (mail.subject === subject) return mail;
    }
  };

  describe('registration', () => {
    it('asks for a resident key and user verification, and keeps the key, counter, transports and name', async () => {
      const me = await signUp(t.server);
      const { challenge, options } = await startRegistration(me.accessToken);
      expect(challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(options.challenge).toBe(challenge);
      // Stored only as its SHA-256.
      const stored = await sql(t)<{ token_hash: string }>('select * from passkey_challenges');
      expect(JSON.stringify(stored)).not.toContain(challenge);
      expect(stored.map((row: { token_hash: string }) => row.token_hash)).toContain(
        createHash('sha256').update(challenge).digest('hex'),
      );
      expect(options).toMatchObject({
        rp: { id: RP_ID, name: 'Doorman' },
        user: { name: me.input.email, displayName: me.input.name },
        attestation: 'none',
        authenticatorSelection: { residentKey: 'required', requireResidentKey: true, userVerification: 'required' },
        excludeCredentials: [],
      });

      const authenticator = new SoftwareAuthenticator(ORIGIN);
      const res = await finishRegistration(me.accessToken, challenge, authenticator.create(options as never));
      const passkey = res.data!.finishPasskeyRegistration;
      expect(passkey).toMatchObject({ name: 'Passkey 1', lastUsedAt: null, backedUp: false });
      const [row] = await sql(t)<{ credential_id: string; counter: string; transports: string[]; public_key: Buffer }>(
        'select credential_id, counter, transports, public_key from passkeys where id = ?',
        [passkey.id],
      );
      expect(row.credential_id).toBe(authenticator.credentials[0].id.toString('base64url'));
      expect(Number(row.counter)).toBe(0);
      expect(row.transports).toEqual(['internal']);
      expect(row.public_key.length).toBeGreaterThan(60);

      // A second passkey: the first is excluded, and the default name counts on.
      const second = await startRegistration(me.accessToken);
      expect(second.options.excludeCredentials).toEqual([
        { id: row.credential_id, type: 'public-key', transports: ['internal'] },
      ]);
      expect(() => authenticator.create(second.options as never)).toThrow(/InvalidStateError/);
      const other = new SoftwareAuthenticator(ORIGIN);
      const named = await finishRegistration(
        me.accessToken,
        second.challenge,
        other.create(second.options as never),
        '  Laptop ',
      );
      expect(named.data!.finishPasskeyRegistration.name).toBe('Laptop');
      expect((await passkeysOf(me.accessToken)).map((p) => p.name)).toEqual(['Passkey 1', 'Laptop']);

      expect((await mailTo(me.input.email, 'A passkey was added')).text).toContain('A passkey was added');
      expect((await events(me.accessToken)).filter((e) => e.type === 'PASSKEY_ADDED')).toHaveLength(2);
    });

    it('refuses an answer for another origin, another RP ID, or without user verification, and a replayed challenge', async () => {
      const me = await signUp(t.server);
      const authenticator = new SoftwareAuthenticator(ORIGIN);
      const cases: [Tampering, RegExp][] = [
        [{ origin: 'https://evil.example' }, /another site \(origin\)/],
        [{ rpId: 'evil.example' }, /another site \(RP ID\)/],
        [{ userVerified: false }, /did not verify you/],
      ];
      for (const [tampering, message] of cases) {
        const { challenge, options } = await startRegistration(me.accessToken);
        const res = await finishRegistration(
          me.accessToken,
          challenge,
          authenticator.create(options as never, tampering),
        );
        expect(errorCode(res)).toBe('PASSKEY_REJECTED');
        expect(res.errors![0].message).toMatch(message);
      }
      expect(await passkeysOf(me.accessToken)).toEqual([]);
      expect((await events(me.accessToken)).filter((e) => e.type === 'PASSKEY_REJECTED')).toHaveLength(3);

      // The challenge works once, and only for the account it was made for.
      const { challenge, options } = await startRegistration(me.accessToken);
      const response = new SoftwareAuthenticator(ORIGIN).create(options as never);
      const someoneElse = await signUp(t.server);
      expect(errorCode(await finishRegistration(someoneElse.accessToken, challenge, response))).toBe(
        'PASSKEY_REJECTED',
      );
      expect(errorCode(await finishRegistration(me.accessToken, challenge, response))).toBe('PASSKEY_REJECTED');
    });

    it('needs a recent authentication to start, and answers BAD_USER_INPUT for a response that is no object', async () => {
      const me = await signUp(t.server);
      await sql(t)("update sessions set authenticated_at = authenticated_at - interval '1 hour' where id = ?", [
        claimsOf(me.accessToken).sid,
      ]);
      const res = await gql(t.server, START_REGISTRATION, {}, { token: me.accessToken });
      expect(errorCode(res)).toBe('REAUTHENTICATION_REQUIRED');

      const bad = await gql(
        t.server,
        FINISH_REGISTRATION,
        { challenge: 'x', response: 'not an object' },
        { token: me.accessToken },
      );
      expect(errorCode(bad)).toBe('BAD_USER_INPUT');
      const list = await gql(
        t.server,
        FINISH_REGISTRATION,
        { challenge: 'x', response: [1] },
        { token: me.accessToken },
      );
      expect(errorCode(list)).toBe('BAD_USER_INPUT');
    });
  });

  describe('sign-in', () => {
    it('signs in without an email and without a password: amr ["hwk", "user"], authMethods [PASSKEY]', async () => {
      const { me, authenticator, passkey } = await withPasskey();
      const res = await logInWith(authenticator);
      const payload = res.data!.finishPasskeyLogin;
      expect(payload.user).toEqual({ id: me.user.id, email: me.input.email });
      expect(claimsOf(payload.accessToken).amr).toEqual(['hwk', 'user']);
      const sessions = await gql<{ sessions: { current: boolean; authMethods: string[] }[] }>(
        t.server,
        SESSION_METHODS,
        {},
        { token: payload.accessToken },
      );
      expect(sessions.data!.sessions.find((s) => s.current)!.authMethods).toEqual(['PASSKEY']);

      const [row] = await sql(t)<{ counter: string }>('select counter from passkeys where id = ?', [passkey.id]);
      expect(Number(row.counter)).toBe(1);
      expect((await passkeysOf(payload.accessToken))[0].lastUsedAt).not.toBeNull();
      expect((await events(payload.accessToken)).map((e) => e.type)).toContain('PASSKEY_LOGIN');

      // The refresh token works as any other session's, and so do cookies.
      const cookie = await logInWith(authenticator);
      expect(cookie.data!.finishPasskeyLogin.user.id).toBe(me.user.id);
      const { challenge, options } = await startLogin();
      const viaCookies = await finishLogin(challenge, authenticator.get(options), {
        'x-auth-transport': 'cookie',
      });
      expect(viaCookies.status).toBe(200);
      expect(JSON.stringify(viaCookies.data)).not.toContain('"accessToken":"ey');
    });

    it('answers startPasskeyLogin alike for an account with passkeys, one without, and no account', async () => {
      const { me } = await withPasskey();
      const plain = await signUp(t.server);
      const shapes = await Promise.all(
        [me.input.email, plain.input.email, 'nobody-here@example.com', undefined].map(async (email) => {
          const { challenge, options } = await startLogin(email);
          expect(options.challenge).toBe(challenge);
          return { ...options, challenge: '…' };
        }),
      );
      expect(new Set(shapes.map((shape) => JSON.stringify(shape))).size).toBe(1);
      expect(shapes[0]).toEqual({ rpId: RP_ID, challenge: '…', timeout: 300_000, userVerification: 'required' });
    });

    it('with an email, accepts only a passkey of that account', async () => {
      const ada = await withPasskey();
      const grace = await withPasskey();
      const wrong = await logInWith(grace.authenticator, {}, ada.me.input.email);
      expect(errorCode(wrong)).toBe('UNAUTHENTICATED');
      expect(errorCode(await logInWith(grace.authenticator, {}, 'nobody-here@example.com'))).toBe('UNAUTHENTICATED');
      const right = await logInWith(ada.authenticator, {}, ada.me.input.email);
      expect(right.data!.finishPasskeyLogin.user.id).toBe(ada.me.user.id);
      expect((await events(ada.me.accessToken)).filter((e) => e.type === 'PASSKEY_REJECTED')).toEqual([
        { type: 'PASSKEY_REJECTED', detail: 'OTHER_ACCOUNT' },
      ]);
    });

    it("refuses another account's credential claimed as its own, and a key the server does not know", async () => {
      const ada = await withPasskey();
      const grace = await withPasskey();
      // Grace's authenticator signs, but claims the credential id of Ada's passkey.
      const { challenge, options } = await startLogin();
      const forged = grace.authenticator.get(options);
      const adaId = ada.credential.id.toString('base64url');
      const res = await finishLogin(challenge, { ...forged, id: adaId, rawId: adaId });
      expect(errorCode(res)).toBe('UNAUTHENTICATED');
      expect(res.errors![0].message).toBe('Passkey sign-in failed: try again, or sign in another way');

      const stranger = new SoftwareAuthenticator(ORIGIN);
      stranger.create({
        challenge: 'x',
        rp: { id: RP_ID, name: 'x' },
        user: { id: 'eA', name: 'x', displayName: 'x' },
      });
      expect(errorCode(await logInWith(stranger))).toBe('UNAUTHENTICATED');
    });

    it('refuses another origin, another RP ID and a missing user verification, and records each', async () => {
      const { me, authenticator } = await withPasskey();
      for (const tampering of [{ origin: 'https://evil.example' }, { rpId: 'evil.example' }, { userVerified: false }]) {
        const res = await logInWith(authenticator, tampering);
        expect(errorCode(res)).toBe('UNAUTHENTICATED');
        expect(res.errors![0].message).toBe('Passkey sign-in failed: try again, or sign in another way');
      }
      expect((await events(me.accessToken)).filter((e) => e.type === 'PASSKEY_REJECTED')).toEqual(
        Array(3).fill({ type: 'PASSKEY_REJECTED', detail: 'SIGNATURE' }),
      );
      expect((await logInWith(authenticator)).data!.finishPasskeyLogin.user.id).toBe(me.user.id);
    });

    it('spends a challenge once: a replay, and a parallel second answer, are refused', async () => {
      const { authenticator } = await withPasskey();
      const { challenge, options } = await startLogin();
      const response = authenticator.get(options);
      const [first, second] = await Promise.all([finishLogin(challenge, response), finishLogin(challenge, response)]);
      expect([first, second].filter((res) => res.data?.finishPasskeyLogin).length).toBe(1);
      expect(errorCode(await finishLogin(challenge, response))).toBe('UNAUTHENTICATED');
    });

    it('refuses an expired challenge', async () => {
      const { authenticator } = await withPasskey();
      const { challenge, options } = await startLogin();
      // Five minutes and a second later, arranged in the database rather than waited for.
      await sql(t)("update passkey_challenges set expires_at = now() - interval '1 second' where expires_at > now()");
      expect(errorCode(await finishLogin(challenge, authenticator.get(options as never)))).toBe('UNAUTHENTICATED');
    });

    it('refuses a counter that goes backwards (a cloned authenticator), and records it', async () => {
      const { me, authenticator } = await withPasskey();
      expect((await logInWith(authenticator, { counter: 10 })).data).toBeTruthy();
      const clone = await logInWith(authenticator, { counter: 7 });
      expect(errorCode(clone)).toBe('UNAUTHENTICATED');
      expect(errorCode(await logInWith(authenticator, { counter: 10 }))).toBe('UNAUTHENTICATED');
      expect((await events(me.accessToken)).filter((e) => e.type === 'PASSKEY_REJECTED')).toEqual([
        { type: 'PASSKEY_REJECTED', detail: 'COUNTER' },
        { type: 'PASSKEY_REJECTED', detail: 'COUNTER' },
      ]);
      expect((await logInWith(authenticator, { counter: 11 })).data).toBeTruthy();
    });

    it('refuses a removed passkey, and a deleted account takes its passkeys with it', async () => {
      const { me, authenticator, passkey } = await withPasskey();
      expect((await gql(t.server, REMOVE, { id: passkey.id }, { token: me.accessToken })).data).toEqual({
        removePasskey: true,
      });
      expect(errorCode(await logInWith(authenticator))).toBe('UNAUTHENTICATED');
      expect((await mailTo(me.input.email, 'A passkey was removed')).text).toContain('can no longer be used');

      const other = await withPasskey();
      await gql(t.server, DELETE_ACCOUNT, { password: other.me.input.password }, { token: other.me.accessToken });
      expect(await sql(t)('select id from passkeys where user_id = ?', [other.me.user.id])).toEqual([]);
      expect(errorCode(await logInWith(other.authenticator))).toBe('UNAUTHENTICATED');
    });
  });

  describe('managing', () => {
    it('renames and removes only the viewer’s own passkeys, behind the step-up', async () => {
      const ada = await withPasskey();
      const grace = await signUp(t.server);
      const renamed = await gql<{ renamePasskey: Passkey }>(
        t.server,
        RENAME,
        { id: ada.passkey.id, name: 'Phone' },
        { token: ada.me.accessToken },
      );
      expect(renamed.data!.renamePasskey.name).toBe('Phone');
      for (const query of [RENAME, REMOVE]) {
        const res = await gql(t.server, query, { id: ada.passkey.id, name: 'Mine' }, { token: grace.accessToken });
        expect(errorCode(res)).toBe('NOT_FOUND');
        expect(errorCode(await gql(t.server, query, { id: 'nope', name: 'x' }, { token: grace.accessToken }))).toBe(
          'NOT_FOUND',
        );
      }
      expect(
        errorCode(await gql(t.server, RENAME, { id: ada.passkey.id, name: ' ' }, { token: ada.me.accessToken })),
      ).toBe('BAD_USER_INPUT');

      await sql(t)("update sessions set authenticated_at = authenticated_at - interval '1 hour' where id = ?", [
        claimsOf(ada.me.accessToken).sid,
      ]);
      expect(errorCode(await gql(t.server, REMOVE, { id: ada.passkey.id }, { token: ada.me.accessToken }))).toBe(
        'REAUTHENTICATION_REQUIRED',
      );
    });

    it('refuses to remove the last passkey of an account without a usable password', async () => {
      const { me, authenticator, passkey } = await withPasskey();
      await register(me.accessToken, new SoftwareAuthenticator(ORIGIN));
      expect(authenticator.credentials).toHaveLength(1);
      // An account whose password no longer works (locked to its passkeys).
      await sql(t)("update users set password_hash = '!' where id = ?", [me.user.id]);
      const [first, second] = await passkeysOf(me.accessToken);
      expect(first.id).toBe(passkey.id);
      expect((await gql(t.server, REMOVE, { id: first.id }, { token: me.accessToken })).data).toEqual({
        removePasskey: true,
      });
      const last = await gql(t.server, REMOVE, { id: second.id }, { token: me.accessToken });
      expect(errorCode(last)).toBe('LAST_SIGN_IN_METHOD');
      expect(await passkeysOf(me.accessToken)).toHaveLength(1);
    });

    it('counts a linked identity provider as a way in, and a passkey as one when the provider is unlinked', async () => {
      const { me, passkey } = await withPasskey();
      // An account with no password, one passkey and a GitHub account linked to it.
      await sql(t)('update users set password_hash = null where id = ?', [me.user.id]);
      const link = () =>
        sql(t)(
          "insert into user_identities (id, user_id, provider, subject, email) values (gen_random_uuid(), ?, 'github', ?, ?)",
          [me.user.id, `gh-${me.user.id}`, me.input.email],
        );
      await link();
      const UNLINK = 'mutation($p: String!) { unlinkIdentity(provider: $p) }';

      // The provider is the way left: the passkey may go.
      expect((await gql(t.server, REMOVE, { id: passkey.id }, { token: me.accessToken })).data).toEqual({
        removePasskey: true,
      });
      // Now the provider is the only way in.
      expect(errorCode(await gql(t.server, UNLINK, { p: 'github' }, { token: me.accessToken }))).toBe(
        'LAST_SIGN_IN_METHOD',
      );

      // With a passkey again, the provider may go.
      await register(me.accessToken, new SoftwareAuthenticator(ORIGIN));
      expect((await gql(t.server, UNLINK, { p: 'github' }, { token: me.accessToken })).data).toEqual({
        unlinkIdentity: true,
      });
    });
  });

  describe('with two-factor on', () => {
    it('offers PASSKEY at the second step, and a passkey sign-in needs no code', async () => {
      const tf = twoFactorClient(t.server);
      const { me, authenticator } = await withPasskey();
      await tf.enable(me.accessToken);
      const login = await gql(t.server, LOGIN, { input: { email: me.input.email, password: me.input.password } });
      challengeOf(login);
      expect(login.errors![0].extensions!.methods).toEqual(['TOTP', 'RECOVERY_CODE', 'PASSKEY']);
      const res = await logInWith(authenticator, {}, me.input.email);
      expect(claimsOf(res.data!.finishPasskeyLogin.accessToken).amr).toEqual(['hwk', 'user']);

      // Without a passkey, the methods stay as they were.
      const plain = await signUp(t.server);
      await tf.enable(plain.accessToken);
      const plainLogin = await gql(t.server, LOGIN, {
        input: { email: plain.input.email, password: plain.input.password },
      });
      expect(plainLogin.errors![0].extensions!.methods).toEqual(['TOTP', 'RECOVERY_CODE']);
    });
  });
});

describe('passkeys and the login backoff', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({
      WEBAUTHN_RP_ID: RP_ID,
      WEBAUTHN_ORIGINS: ORIGIN,
      LOGIN_BACKOFF_AFTER: '3',
      LOGIN_BACKOFF_BASE: '1m',
    });
  });
  afterAll(() => t.close());

  it("counts refused passkey answers in the account's backoff, which then refuses even a good one", async () => {
    const me = await signUp(t.server);
    const authenticator = new SoftwareAuthenticator(ORIGIN);
    const registration = await gql<{ startPasskeyRegistration: Challenge }>(
      t.server,
      START_REGISTRATION,
      {},
      {
        token: me.accessToken,
      },
    );
    const { challenge, options } = registration.data!.startPasskeyRegistration;
    await gql(
      t.server,
      FINISH_REGISTRATION,
      { challenge, response: authenticator.create(options as never) },
      {
        token: me.accessToken,
      },
    );
    const attempt = async (tampering: Tampering = {}) => {
      const start = await gql<{ startPasskeyLogin: Challenge }>(t.server, START_LOGIN, {});
      const { challenge: c, options: o } = start.data!.startPasskeyLogin;
      return gql(t.server, FINISH_LOGIN, { challenge: c, response: authenticator.get(o as never, tampering) });
    };
    for (let i = 0; i < 3; i++) expect(errorCode(await attempt({ userVerified: false }))).toBe('UNAUTHENTICATED');
    const refused = await attempt();
    expect(errorCode(refused)).toBe('TOO_MANY_REQUESTS');
    expect(refused.errors![0].extensions!.retryAfter).toBeGreaterThan(0);
    // The password login of the account waits too: one backoff per account, whatever the way in.
    const password = await gql(t.server, LOGIN, { input: { email: me.input.email, password: me.input.password } });
    expect(errorCode(password)).toBe('TOO_MANY_REQUESTS');
  });
});
