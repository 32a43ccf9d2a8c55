import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { logIn, signUp } from './factories/user.factory';
import { startApp, type TestApp } from './helpers/app';
import { sessionIdOf } from './helpers/db';
import { errorCode, gql, LOGOUT_SCOPE, SESSIONS, VIEWER } from './helpers/graphql';

interface SessionJson {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  userAgent: string | null;
  ip: string | null;
  current: boolean;
}

describe('sessions a person controls', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  const sessions = async (token: string) =>
    (await gql<{ sessions: SessionJson[] }>(t.server, SESSIONS, {}, { token })).data!.sessions;
  const alive = async (token: string) => errorCode(await gql(t.server, VIEWER, {}, { token })) === undefined;
  const logout = (token: string, scope?: string | null) =>
    gql<{ logout: boolean }>(t.server, LOGOUT_SCOPE, scope === undefined ? {} : { scope }, { token });

  /** One person signed in on three devices, oldest first. */
  async function threeDevices() {
    const first = await signUp(t.server);
    const second = await logIn(t.server, first.input.email, first.input.password);
    const third = await logIn(t.server, first.input.email, first.input.password);
    return { input: first.input, tokens: [first.accessToken, second.accessToken, third.accessToken] };
  }

  it('lists the live sessions newest first, marking the current one', async () => {
    const { tokens } = await threeDevices();
    const listed = await sessions(tokens[1]);
    expect(listed.map((s) => s.id)).toEqual([...tokens].reverse().map(sessionIdOf));
    expect(listed.map((s) => s.current)).toEqual([false, true, false]);
    expect(listed[0]).toMatchObject({ ip: expect.stringMatching(/127\.0\.0\.1|::1/) });
    expect(new Date(listed[0].expiresAt).getTime()).toBeGreaterThan(Date.now());

    await logout(tokens[0]);
    expect((await sessions(tokens[1])).map((s) => s.id)).toEqual([tokens[2], tokens[1]].map(sessionIdOf));
  });

  it('records the user agent of each device', async () => {
    const user = await signUp(t.server);
    await request(t.server)
      .post('/graphql')
      .set('user-agent', 'Firefox/140 on a laptop')
      .send({
        query: 'mutation($input: LoginInput!) { login(input: $input) { accessToken } }',
        variables: { input: { email: user.input.email, password: user.input.password } },
      })
      .expect(200);
    expect((await sessions(user.accessToken))[0].userAgent).toBe('Firefox/140 on a laptop');
  });

  it('logout CURRENT (the default, and for an explicit null) ends this session only', async () => {
    const { tokens } = await threeDevices();
    expect((await logout(tokens[0])).data!.logout).toBe(true);
    expect((await logout(tokens[1], null)).data!.logout).toBe(true);
    expect([await alive(tokens[0]), await alive(tokens[1]), await alive(tokens[2])]).toEqual([false, false, true]);
  });

  it('logout OTHERS keeps the current session and ends every other', async () => {
    const { tokens } = await threeDevices();
    await logout(tokens[1], 'OTHERS');
    expect([await alive(tokens[0]), await alive(tokens[1]), await alive(tokens[2])]).toEqual([false, true, false]);
    expect((await sessions(tokens[1])).map((s) => s.id)).toEqual([sessionIdOf(tokens[1])]);
  });

  it('logout ALL ends every session of the person, and no one else’s', async () => {
    const { tokens } = await threeDevices();
    const stranger = await signUp(t.server);
    await logout(tokens[2], 'ALL');
    expect(await Promise.all(tokens.map(alive))).toEqual([false, false, false]);
    expect(await alive(stranger.accessToken)).toBe(true);
  });

  it("revokeSession ends one of the viewer's sessions", async () => {
    const { tokens } = await threeDevices();
    const res = await gql<{ revokeSession: boolean }>(
      t.server,
      'mutation($id: ID!) { revokeSession(id: $id) }',
      { id: sessionIdOf(tokens[0]) },
      { token: tokens[2] },
    );
    expect(res.data!.revokeSession).toBe(true);
    expect([await alive(tokens[0]), await alive(tokens[1]), await alive(tokens[2])]).toEqual([false, true, true]);
  });

  it("answers another person's session id like an unknown one, and that session lives on", async () => {
    const me = await signUp(t.server);
    const them = await signUp(t.server);
    const revoke = (id: string) =>
      gql(t.server, 'mutation($id: ID!) { revokeSession(id: $id) }', { id }, { token: me.accessToken });

    const theirs = await revoke(sessionIdOf(them.accessToken));
    const unknown = await revoke(randomUUID());
    const garbage = await revoke("1' or '1'='1");
    for (const res of [theirs, unknown, garbage]) {
      expect(res.errors![0]).toMatchObject({ message: 'Session not found', extensions: { code: 'NOT_FOUND' } });
    }
    expect(await alive(them.accessToken)).toBe(true);
  });

  it('needs a session to list or revoke sessions', async () => {
    expect(errorCode(await gql(t.server, SESSIONS))).toBe('UNAUTHENTICATED');
    expect(errorCode(await gql(t.server, 'mutation { revokeSession(id: "x") }'))).toBe('UNAUTHENTICATED');
  });
});
