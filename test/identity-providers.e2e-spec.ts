import { createHash, randomInt } from 'node:crypto';
import { signUp, userInput } from './factories/user.factory';
import { FakeGithub } from './fakes/fake-github';
import { FakeOidcProvider } from './fakes/fake-oidc-provider';
import { startApp, type TestApp } from './helpers/app';
import { sql } from './helpers/db';
import { errorCode, gql, type GraphQLResponse } from './helpers/graphql';
import { FlowBrowser } from './helpers/provider-flow';
import { TestSmtpServer } from './helpers/smtp';
import { totp, twoFactorClient } from './helpers/two-factor';

const APP = 'http://doorman.test';
const ACCESS = '__Host-doorman_access';
const FLOW = '__Host-doorman_idp';
const PROVIDERS = 'query Providers { signInProviders { id label url } }';
const ME = 'query Me { viewer { id name email emailVerified identities { provider email linkedAt } } }';
const METHODS = 'query Methods { sessions { current authMethods } }';
const UNLINK = 'mutation Unlink($provider: String!) { unlinkIdentity(provider: $provider) }';
const EVENTS = 'query Events { securityEvents(first: 20) { edges { node { type detail } } } }';

interface Me {
  id: string;
  name: string;
  email: string;
  emailVerified: boolean;
  identities: { provider: string; email: string | null; linkedAt: string }[];
}

let sequence = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++sequence}`;
// GitHub's ids are numbers; random ones, so reruns on a kept database never meet an earlier run's account.
const githubId = () => randomInt(1_000_000, 2 ** 47);

describe('sign in with an identity provider', () => {
  let oidc: FakeOidcProvider;
  let github: FakeGithub;
  let smtp: TestSmtpServer;
  let t: TestApp;
  let tf: ReturnType<typeof twoFactorClient>;

  beforeAll(async () => {
    [oidc, github, smtp] = await Promise.all([FakeOidcProvider.start(), FakeGithub.start(), TestSmtpServer.start()]);
    t = await startApp({
      APP_URL: APP,
      SMTP_URL: smtp.url,
      OIDC_ISSUER: oidc.issuer,
      OIDC_CLIENT_ID: oidc.clientId,
      OIDC_CLIENT_SECRET: oidc.clientSecret,
      OIDC_NAME: 'Test SSO',
      // The Google preset, pointed at the same fake: discovery from GOOGLE_ISSUER instead of Google's.
      GOOGLE_CLIENT_ID: oidc.clientId,
      GOOGLE_CLIENT_SECRET: oidc.clientSecret,
      GOOGLE_ISSUER: oidc.issuer,
      ...github.env,
    });
    tf = twoFactorClient(t.server);
  });
  afterAll(async () => {
    await t.close();
    await Promise.all([oidc.close(), github.close(), smtp.close()]);
  });
  beforeEach(() => {
    oidc.tampering = {};
    oidc.deny = false;
  });

  const browser = () => new FlowBrowser(t.server, APP);
  const as = <T>(b: FlowBrowser, query: string, variables: Record<string, unknown> = {}) =>
    gql<T>(t.server, query, variables, { token: b.cookie(ACCESS) });
  const me = async (b: FlowBrowser) => (await as<{ viewer: Me }>(b, ME)).data?.viewer;
  const userCount = async (email: string) =>
    (await sql(t)<{ n: number }>('select count(*)::int as n from users where email = ?', [email]))[0].n;
  const identityCount = async (subject: string) =>
    (await sql(t)<{ n: number }>('select count(*)::int as n from user_identities where subject = ?', [subject]))[0].n;
  const verify = (email: string) => sql(t)('update users set email_verified_at = now() where email = ?', [email]);
  const events = async (token: string) =>
    (
      await gql<{ securityEvents: { edges: { node: { type: string; detail: string | null } }[] } }>(
        t.server,
        EVENTS,
        {},
        { token },
      )
    ).data!.securityEvents.edges.map((e) => `${e.node.type}:${e.node.detail ?? ''}`);
  const ageSessions = (userId: string) =>
    sql(t)("update sessions set authenticated_at = now() - interval '1 hour' where user_id = ?", [userId]);

  it('lists the configured providers, each with its start URL', async () => {
    const res = await gql<{ signInProviders: { id: string; label: string; url: string }[] }>(t.server, PROVIDERS);
    expect(res.data?.signInProviders).toEqual([
      { id: 'oidc', label: 'Test SSO', url: `${APP}/auth/oidc` },
      { id: 'google', label: 'Google', url: `${APP}/auth/google` },
      { id: 'github', label: 'GitHub', url: `${APP}/auth/github` },
    ]);
  });

  it('sends the browser to the provider with state, nonce and PKCE (S256), keeping the verifier server-side', async () => {
    const b = browser();
    const hop = await b.get(`${APP}/auth/oidc`);
    expect(hop.status).toBe(302);
    const url = new URL(hop.location);
    expect(url.origin + url.pathname).toBe(`${oidc.issuer}/authorize`);
    const q = Object.fromEntries(url.searchParams);
    expect(q).toMatchObject({
      response_type: 'code',
      client_id: oidc.clientId,
      redirect_uri: `${APP}/auth/oidc/callback`,
      code_challenge_method: 'S256',
    });
    expect(q.state).toMatch(/^[\w-]{43}$/);
    expect(q.nonce).toMatch(/^[\w-]{43}$/);
    expect(b.cookie(FLOW)).toBe(q.state);
    const stateHash = createHash('sha256').update(q.state).digest('hex');
    const [flow] = await sql(t)<{ code_verifier: string }>(
      'select code_verifier from identity_provider_flows where state_hash = ?',
      [stateHash],
    );
    expect(createHash('sha256').update(flow.code_verifier).digest('base64url')).toBe(q.code_challenge);
    expect(hop.location).not.toContain(flow.code_verifier);
  });

  it('creates the account on a first sign-in and finds it on the second, by subject', async () => {
    const sub = unique('sub');
    const email = `${sub}@example.com`;
    oidc.signInAs({ sub, email, email_verified: true, name: 'Ada Provider' });
    const first = browser();
    expect(await first.signIn('oidc')).toBe(`${APP}/`);
    const created = await me(first);
    expect(created).toMatchObject({ name: 'Ada Provider', email, emailVerified: true });
    expect(created?.identities).toEqual([{ provider: 'oidc', email, linkedAt: expect.any(String) as string }]);
    const [row] = await sql(t)<{ password_hash: string | null }>('select password_hash from users where email = ?', [
      email,
    ]);
    expect(row.password_hash).toBeNull();
    const methods = await as<{ sessions: { current: boolean; authMethods: string[] }[] }>(first, METHODS);
    expect(methods.data?.sessions.find((s) => s.current)?.authMethods).toEqual(['IDENTITY_PROVIDER']);
    expect(await events(first.cookie(ACCESS)!)).toEqual(
      expect.arrayContaining(['SIGNUP:oidc', 'PROVIDER_LOGIN:oidc']) as string[],
    );

    // The address changed at the provider: the subject still names the same account.
    oidc.signInAs({ sub, email: `changed-${email}`, email_verified: true, name: 'Ada' });
    const second = browser();
    expect(await second.signIn('oidc')).toBe(`${APP}/`);
    expect((await me(second))?.id).toBe(created?.id);
    expect(await userCount(`changed-${email}`)).toBe(0);
  });

  it('links a verified provider address to the account that verified it, and mails the owner', async () => {
    const mine = await signUp(t.server);
    await verify(mine.input.email);
    const sub = unique('sub');
    oidc.signInAs({ sub, email: mine.input.email.toUpperCase(), email_verified: true, name: 'Someone' });
    const b = browser();
    expect(await b.signIn('oidc')).toBe(`${APP}/`);
    const linked = await me(b);
    expect(linked?.id).toBe(mine.user.id);
    expect(linked?.name).toBe(mine.input.name);
    expect(linked?.identities.map((i) => i.provider)).toEqual(['oidc']);
    let mail = await smtp.next(mine.input.email);
    while (mail.subject !== 'Test SSO was linked to your account') mail = await smtp.next(mine.input.email);
    expect(mail.text).toContain('can now be used to sign in');
    expect(await events(mine.accessToken)).toEqual(expect.arrayContaining(['IDENTITY_LINKED:oidc']) as string[]);

    // A second account at the same provider with the same verified address is not linked beside the first.
    const other = unique('sub');
    oidc.signInAs({ sub: other, email: mine.input.email, email_verified: true });
    expect(await browser().signIn('oidc')).toBe(`${APP}/login?error=account_exists`);
    expect(await identityCount(other)).toBe(0);
  });

  it.each([
    ['the provider has not verified the address', false, true],
    ['the account has not verified its address', true, false],
  ])('refuses an address an account has when %s, and links or creates nothing', async (_why, providerSays, ours) => {
    const mine = await signUp(t.server);
    if (ours) await verify(mine.input.email);
    const sub = unique('sub');
    oidc.signInAs({ sub, email: mine.input.email, email_verified: providerSays, name: 'Mallory' });
    const b = browser();
    expect(await b.signIn('oidc')).toBe(`${APP}/login?error=account_exists`);
    expect(b.cookie(ACCESS)).toBeUndefined();
    expect(await identityCount(sub)).toBe(0);
    expect(await userCount(mine.input.email)).toBe(1);
    expect(await events(mine.accessToken)).toEqual(
      expect.arrayContaining(['PROVIDER_LOGIN_REFUSED:oidc:account_exists']) as string[],
    );
  });

  it('creates an account with an unverified address as unverified, and refuses a provider account without one', async () => {
    const sub = unique('sub');
    oidc.signInAs({ sub, email: `${sub}@example.com`, email_verified: false });
    const b = browser();
    expect(await b.signIn('oidc')).toBe(`${APP}/`);
    expect(await me(b)).toMatchObject({ emailVerified: false, name: sub.toLowerCase() });

    const none = unique('sub');
    oidc.signInAs({ sub: none });
    expect(await browser().signIn('oidc')).toBe(`${APP}/login?error=email_missing`);
    expect(await identityCount(none)).toBe(0);
  });

  it("signs in with the Google preset, whose accounts are apart from the generic provider's", async () => {
    const sub = unique('sub');
    oidc.signInAs({ sub, email: `${sub}@example.com`, email_verified: true, name: 'Gina' });
    const b = browser();
    const toGoogle = new URL((await b.get(`${APP}/auth/google`)).location);
    expect(toGoogle.searchParams.get('redirect_uri')).toBe(`${APP}/auth/google/callback`);
    expect(await b.signIn('google')).toBe(`${APP}/`);
    expect((await me(b))?.identities.map((i) => i.provider)).toEqual(['google']);
    // The same subject at another provider is another person: its address is taken, so it is refused.
    oidc.signInAs({ sub, email: `${sub}@example.com`, email_verified: false });
    expect(await browser().signIn('oidc')).toBe(`${APP}/login?error=account_exists`);
  });

  it('reads the address from userinfo when the ID token has none', async () => {
    const sub = unique('sub');
    oidc.signInAs({ sub, email: `${sub}@example.com`, email_verified: true, name: 'Info' });
    oidc.tampering = { emailInUserinfoOnly: true };
    const b = browser();
    expect(await b.signIn('oidc')).toBe(`${APP}/`);
    expect(await me(b)).toMatchObject({ email: `${sub}@example.com`, emailVerified: true });
  });

  describe('refuses a callback that does not hold', () => {
    /** The browser at the callback, with the state and code the provider sent back. */
    const atCallback = async () => {
      const sub = unique('sub');
      oidc.signInAs({ sub, email: `${sub}@example.com`, email_verified: true });
      const b = browser();
      const toProvider = await b.get(`${APP}/auth/oidc`);
      const callback = new URL((await b.get(toProvider.location)).location);
      return { b, callback, sub };
    };
    const land = async (b: FlowBrowser, url: URL | string) => (await b.get(url.toString())).location;

    it('a state that is not the one this browser started (login CSRF)', async () => {
      const { b, callback, sub } = await atCallback();
      callback.searchParams.set('state', 'A'.repeat(43));
      expect(await land(b, callback)).toBe(`${APP}/login?error=state_invalid`);
      // Another browser with the right state but without the cookie: the victim of a forged link.
      const { callback: theirs } = await atCallback();
      expect(await land(browser(), theirs)).toBe(`${APP}/login?error=state_invalid`);
      expect(await identityCount(sub)).toBe(0);
    });

    it('a replayed callback', async () => {
      const { b, callback } = await atCallback();
      const cookie = b.cookie(FLOW)!;
      expect(await land(b, callback)).toBe(`${APP}/`);
      b.cookies.set(FLOW, cookie);
      expect(await land(b, callback)).toBe(`${APP}/login?error=state_invalid`);
    });

    it('an expired flow', async () => {
      const { b, callback, sub } = await atCallback();
      await sql(t)("update identity_provider_flows set expires_at = now() - interval '1 second'");
      expect(await land(b, callback)).toBe(`${APP}/login?error=state_invalid`);
      expect(await identityCount(sub)).toBe(0);
    });

    it('a PKCE verifier that is not the one the challenge was made from', async () => {
      const { b, callback, sub } = await atCallback();
      await sql(t)("update identity_provider_flows set code_verifier = 'x'");
      expect(await land(b, callback)).toBe(`${APP}/login?error=provider_error`);
      expect(await identityCount(sub)).toBe(0);
    });

    it.each([
      ['a nonce mismatch', { nonce: 'another-nonce' }],
      ['a wrong issuer', { iss: 'https://evil.example' }],
      ['a wrong audience', { aud: 'another-client' }],
      ['a bad signature', { foreignKey: true }],
      ['an expired ID token', { expiresIn: -120 }],
    ])('an ID token with %s', async (_what, tampering) => {
      oidc.tampering = tampering;
      const { b, callback, sub } = await atCallback();
      expect(await land(b, callback)).toBe(`${APP}/login?error=token_invalid`);
      expect(b.cookie(ACCESS)).toBeUndefined();
      expect(await identityCount(sub)).toBe(0);
    });

    it('a person who said no at the provider, a provider that is not configured, a callback without a code', async () => {
      oidc.deny = true;
      expect(await browser().signIn('oidc')).toBe(`${APP}/login?error=provider_denied`);
      expect(await browser().signIn('facebook')).toBe(`${APP}/login?error=provider_unavailable`);
      oidc.deny = false;
      const { b, callback } = await atCallback();
      callback.searchParams.delete('code');
      expect(await land(b, callback)).toBe(`${APP}/login?error=provider_error`);
    });
  });

  it('returns to a path on APP_URL, and ignores a returnTo of another origin', async () => {
    const sub = unique('sub');
    oidc.signInAs({ sub, email: `${sub}@example.com`, email_verified: true });
    expect(await browser().signIn('oidc', '?returnTo=%2Fsessions%3Fx%3D1')).toBe(`${APP}/sessions?x=1`);
    for (const evil of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)']) {
      expect(await browser().signIn('oidc', `?returnTo=${encodeURIComponent(evil)}`)).toBe(`${APP}/`);
    }
  });

  it('with two-factor on, leads to the code step and starts the session only with the code', async () => {
    const sub = unique('sub');
    oidc.signInAs({ sub, email: `${sub}@example.com`, email_verified: true });
    const first = browser();
    await first.signIn('oidc');
    const { secret } = await tf.enable(first.cookie(ACCESS)!);

    const b = browser();
    const landed = new URL(await b.signIn('oidc'));
    expect(landed.origin + landed.pathname).toBe(`${APP}/login`);
    expect(landed.search).toBe('');
    const challenge = new URLSearchParams(landed.hash.slice(1)).get('challenge')!;
    expect(challenge).toMatch(/^[\w-]{43}$/);
    expect(b.cookie(ACCESS)).toBeUndefined();

    const verified = await tf.verify(challenge, totp(secret, 1));
    const token = verified.data!.verifyTwoFactor.accessToken;
    const methods = await gql<{ sessions: { current: boolean; authMethods: string[] }[] }>(
      t.server,
      METHODS,
      {},
      {
        token,
      },
    );
    expect(methods.data?.sessions.find((s) => s.current)?.authMethods).toEqual(['IDENTITY_PROVIDER', 'TOTP']);
  });

  describe('linking and unlinking while signed in', () => {
    const signedInWithPassword = async () => {
      const mine = await signUp(t.server);
      const b = browser();
      b.cookies.set(ACCESS, mine.accessToken);
      return { mine, b };
    };

    it('links the provider account to the viewer after a recent authentication', async () => {
      const { mine, b } = await signedInWithPassword();
      const sub = unique('sub');
      // Any address at all: linking while signed in does not go by the address.
      oidc.signInAs({ sub, email: 'someone-else@example.com', email_verified: false });
      expect(await b.signIn('oidc', '?link=1')).toBe(`${APP}/account?linked=oidc`);
      expect((await me(b))?.identities).toEqual([
        { provider: 'oidc', email: 'someone-else@example.com', linkedAt: expect.any(String) as string },
      ]);
      // From now on the provider account signs in to this account.
      const other = browser();
      expect(await other.signIn('oidc')).toBe(`${APP}/`);
      expect((await me(other))?.id).toBe(mine.user.id);
    });

    it('refuses without a recent authentication, without a session, and for an account linked to someone else', async () => {
      const { mine, b } = await signedInWithPassword();
      await ageSessions(mine.user.id);
      expect(await b.signIn('oidc', '?link=1')).toBe(`${APP}/account?error=reauthentication_required`);
      expect(await browser().signIn('oidc', '?link=1')).toBe(`${APP}/account?error=signed_out`);

      const sub = unique('sub');
      oidc.signInAs({ sub, email: `${sub}@example.com`, email_verified: true });
      const owner = browser();
      await owner.signIn('oidc');
      const { b: thief } = await signedInWithPassword();
      expect(await thief.signIn('oidc', '?link=1')).toBe(`${APP}/account?error=identity_in_use`);
      expect(await identityCount(sub)).toBe(1);
    });

    it('unlinks after a recent authentication, but never the last way in', async () => {
      const sub = unique('sub');
      oidc.signInAs({ sub, email: `${sub}@example.com`, email_verified: true });
      const b = browser();
      await b.signIn('oidc');
      const last = await as<{ unlinkIdentity: boolean }>(b, UNLINK, { provider: 'oidc' });
      expect(errorCode(last)).toBe('LAST_SIGN_IN_METHOD');

      // A second way in (GitHub), then the first can go.
      github.signInAs({ id: githubId(), login: sub, name: null, emails: [] });
      expect(await b.signIn('github', '?link=1')).toBe(`${APP}/account?linked=github`);
      const gone: GraphQLResponse<{ unlinkIdentity: boolean }> = await as(b, UNLINK, { provider: 'oidc' });
      expect(gone.data?.unlinkIdentity).toBe(true);
      expect((await me(b))?.identities.map((i) => i.provider)).toEqual(['github']);
      expect(await events(b.cookie(ACCESS)!)).toEqual(expect.arrayContaining(['IDENTITY_UNLINKED:oidc']) as string[]);
      expect(errorCode(await as(b, UNLINK, { provider: 'oidc' }))).toBe('NOT_FOUND');
    });

    it('unlinks from an account with a password, and asks for the step-up first', async () => {
      const { mine, b } = await signedInWithPassword();
      oidc.signInAs({ sub: unique('sub'), email: 'x@example.com', email_verified: true });
      await b.signIn('oidc', '?link=1');
      await ageSessions(mine.user.id);
      expect(errorCode(await as(b, UNLINK, { provider: 'oidc' }))).toBe('REAUTHENTICATION_REQUIRED');
      await sql(t)('update sessions set authenticated_at = now() where user_id = ?', [mine.user.id]);
      expect((await as<{ unlinkIdentity: boolean }>(b, UNLINK, { provider: 'oidc' })).data?.unlinkIdentity).toBe(true);
    });
  });

  describe('GitHub', () => {
    it('creates an account from the primary address GitHub verified, and finds it by numeric id', async () => {
      const id = githubId();
      const email = `${unique('gh')}@example.com`;
      github.signInAs({
        id,
        login: 'octo',
        name: null,
        emails: [
          { email: `other-${email}`, primary: false, verified: true },
          { email, primary: true, verified: true },
        ],
      });
      const b = browser();
      expect(await b.signIn('github')).toBe(`${APP}/`);
      const created = await me(b);
      expect(created).toMatchObject({ name: 'octo', email, emailVerified: true });
      const again = browser();
      await again.signIn('github');
      expect((await me(again))?.id).toBe(created?.id);
    });

    it('does not link by an unverified primary address', async () => {
      const mine = await signUp(t.server, userInput());
      await verify(mine.input.email);
      const id = githubId();
      github.signInAs({
        id,
        login: 'mallory',
        name: 'M',
        emails: [{ email: mine.input.email, primary: true, verified: false }],
      });
      expect(await browser().signIn('github')).toBe(`${APP}/login?error=account_exists`);
      expect(await identityCount(String(id))).toBe(0);
    });
  });
});

// An app of its own, once the first is closed: embedded PostgreSQL serves one connection at a time.
describe('identity-provider routes: the per-IP limit', () => {
  let oidc: FakeOidcProvider;
  let limited: TestApp;

  beforeAll(async () => {
    oidc = await FakeOidcProvider.start();
    limited = await startApp({
      APP_URL: APP,
      OIDC_ISSUER: oidc.issuer,
      OIDC_CLIENT_ID: oidc.clientId,
      OIDC_CLIENT_SECRET: oidc.clientSecret,
      RATE_LIMIT_PROVIDER_PER_IP: '2/1m',
    });
  });
  afterAll(async () => {
    await limited.close();
    await oidc.close();
  });

  it('counts the start and the callback together, and a refusal still lands on the Log in page', async () => {
    const b = new FlowBrowser(limited.server, APP);
    expect((await b.get(`${APP}/auth/oidc`)).location).toContain(oidc.issuer);
    expect((await b.get(`${APP}/auth/oidc/callback?state=x&code=y`)).location).toBe(`${APP}/login?error=state_invalid`);
    expect(await b.get(`${APP}/auth/oidc`)).toEqual({ status: 302, location: `${APP}/login?error=too_many_requests` });
  });
});
