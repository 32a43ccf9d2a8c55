import request from 'supertest';
import { userInput } from './factories/user.factory';
import { startApp, type TestApp } from './helpers/app';
import { type AuthPayload, CHANGE_PASSWORD, LOGIN, REFRESH, SIGNUP, VIEWER } from './helpers/graphql';

type Agent = ReturnType<typeof request.agent>;

/** Parses Set-Cookie headers into name -> attributes (lower-cased keys). */
function cookies(setCookie: string[] | string | undefined): Record<string, Record<string, string | true>> {
  const list = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  return Object.fromEntries(
    list.map((line) => {
      const [pair, ...attrs] = line.split(';').map((part) => part.trim());
      const [name, value] = pair.split('=');
      const attributes: Record<string, string | true> = { value };
      for (const attr of attrs) {
        const [key, v] = attr.split('=');
        attributes[key.toLowerCase()] = v ?? true;
      }
      return [name, attributes];
    }),
  );
}

/** A browser: a cookie jar and no Authorization header, asking for the cookie transport. */
const send = (agent: Agent, query: string, variables: object = {}) =>
  agent
    .post('/graphql')
    .set('content-type', 'application/json')
    .set('x-auth-transport', 'cookie')
    .send({ query, variables });

describe('the cookie transport for browsers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ COOKIE_SECURE: 'false' });
  });
  afterAll(() => t.close());

  it('lets a cookie-only client sign up, read viewer, refresh and log out', async () => {
    const browser = request.agent(t.server);
    const input = userInput();

    const signup = await send(browser, SIGNUP, { input });
    const payload = signup.body.data.signup as AuthPayload;
    expect(payload.accessToken).toBeNull();
    expect(payload.refreshToken).toBeNull();
    expect(payload.user.email).toBe(input.email);
    const set = cookies(signup.headers['set-cookie']);
    expect(set.doorman_access).toMatchObject({ httponly: true, samesite: 'Lax', path: '/' });
    expect(set.doorman_refresh).toMatchObject({ httponly: true, samesite: 'Lax', path: '/graphql' });
    expect(set.doorman_access.secure).toBeUndefined();

    const viewer = await send(browser, VIEWER);
    expect(viewer.body.data.viewer.email).toBe(input.email);

    const refreshed = await send(browser, REFRESH);
    expect(refreshed.body.data.refreshToken).toMatchObject({ accessToken: null, refreshToken: null });
    const rotated = cookies(refreshed.headers['set-cookie']);
    expect(rotated.doorman_refresh.value).not.toBe(set.doorman_refresh.value);
    expect((await send(browser, VIEWER)).body.data.viewer.email).toBe(input.email);

    const logout = await send(browser, 'mutation { logout }');
    expect(logout.body.data.logout).toBe(true);
    const cleared = cookies(logout.headers['set-cookie']);
    expect(cleared.doorman_access.value).toBe('');
    expect(cleared.doorman_refresh.value).toBe('');
    expect((await send(browser, VIEWER)).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');

    // The old cookies are dead too, not just gone from the jar.
    const replay = await request(t.server)
      .post('/graphql')
      .set('cookie', `doorman_access=${rotated.doorman_access.value}`)
      .send({ query: VIEWER });
    expect(replay.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('never trades a cookie for readable tokens, even without the transport header', async () => {
    const browser = request.agent(t.server);
    await send(browser, SIGNUP, { input: userInput() });
    const plain = (query: string, variables: object = {}) =>
      browser.post('/graphql').set('content-type', 'application/json').send({ query, variables });

    const refreshed = await plain(REFRESH);
    expect(refreshed.body.data.refreshToken).toMatchObject({ accessToken: null, refreshToken: null });
    expect(cookies(refreshed.headers['set-cookie']).doorman_refresh.value).toEqual(expect.any(String));

    const changed = await plain(CHANGE_PASSWORD, {
      input: { currentPassword: 'wrong', newPassword: 'irrelevant-here' },
    });
    expect(changed.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const viewer = await plain(VIEWER);
    expect(viewer.body.data.viewer).toEqual(expect.objectContaining({ email: expect.any(String) }));
  });

  it('returns a cookie-authenticated password change as cookies', async () => {
    const browser = request.agent(t.server);
    const input = userInput();
    await send(browser, SIGNUP, { input });
    const res = await browser.post('/graphql').send({
      query: CHANGE_PASSWORD,
      variables: { input: { currentPassword: input.password, newPassword: 'another long password' } },
    });
    expect(res.body.data.changePassword).toMatchObject({ accessToken: null, refreshToken: null });
    expect(Object.keys(cookies(res.headers['set-cookie']))).toEqual(['doorman_access', 'doorman_refresh']);
  });

  it('drops a refresh cookie the server refused', async () => {
    const browser = request.agent(t.server);
    await send(browser, SIGNUP, { input: userInput() });
    await send(browser, 'mutation { logout(scope: ALL) }');
    const dead = await request(t.server)
      .post('/graphql')
      .set('cookie', 'doorman_refresh=not-a-live-token')
      .send({ query: REFRESH });
    expect(dead.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(cookies(dead.headers['set-cookie']).doorman_refresh.value).toBe('');
  });

  it('prefers the Authorization header to the cookie when both are sent', async () => {
    const browser = request.agent(t.server);
    await send(browser, SIGNUP, { input: userInput() });
    const res = await browser.post('/graphql').set('authorization', 'Bearer not-a-token').send({ query: VIEWER });
    expect(res.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('keeps tokens in the body without the header', async () => {
    const input = userInput();
    const res = await request(t.server).post('/graphql').send({ query: SIGNUP, variables: { input } });
    expect(res.body.data.signup.accessToken).toEqual(expect.any(String));
    expect(res.headers['set-cookie']).toBeUndefined();
    const login = await request(t.server)
      .post('/graphql')
      .send({ query: LOGIN, variables: { input: { email: input.email, password: input.password } } });
    expect(login.body.data.login.refreshToken).toEqual(expect.any(String));
  });
});

describe('cookie and CORS defaults', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ CORS_ORIGINS: 'https://app.example.com', COOKIE_SECURE: undefined });
  });
  afterAll(() => t.close());

  it('marks cookies Secure unless COOKIE_SECURE=false', async () => {
    const res = await request(t.server)
      .post('/graphql')
      .set('x-auth-transport', 'cookie')
      .send({ query: SIGNUP, variables: { input: userInput() } });
    const set = cookies(res.headers['set-cookie']);
    // Prefixed, so a sibling subdomain cannot plant cookies of the same name.
    expect(set['__Host-doorman_access']).toMatchObject({ secure: true, path: '/', httponly: true });
    expect(set['__Host-doorman_access'].domain).toBeUndefined();
    expect(set['__Secure-doorman_refresh']).toMatchObject({ secure: true, path: '/graphql', httponly: true });
  });

  it('lets only the listed origins send credentials', async () => {
    const allowed = await request(t.server)
      .options('/graphql')
      .set('origin', 'https://app.example.com')
      .set('access-control-request-method', 'POST');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(allowed.headers['access-control-allow-credentials']).toBe('true');

    const other = await request(t.server)
      .options('/graphql')
      .set('origin', 'https://evil.example')
      .set('access-control-request-method', 'POST');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});
