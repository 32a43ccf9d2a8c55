import { logIn, signUp } from './factories/user.factory';
import { startApp, type TestApp } from './helpers/app';
import { sessionIdOf, sql } from './helpers/db';
import { type AuthPayload, errorCode, gql, REFRESH, VIEWER } from './helpers/graphql';

describe('refresh tokens', () => {
  let t: TestApp;
  let db: ReturnType<typeof sql>;
  beforeAll(async () => {
    t = await startApp();
    db = sql(t);
  });
  afterAll(() => t.close());

  const refresh = (token: string | null) => gql<{ refreshToken: AuthPayload }>(t.server, REFRESH, { token });
  const viewer = (token: string) => gql<{ viewer: { id: string } }>(t.server, VIEWER, {}, { token });

  it('are opaque, at least 256 bits, and stored only as a hash', async () => {
    const { refreshToken, refreshTokenExpiresAt, user } = await signUp(t.server);
    expect(refreshToken).toMatch(/^[A-Za-z0-9_-]{43,}$/);
    expect(refreshToken.split('.')).toHaveLength(1);
    expect(new Date(refreshTokenExpiresAt).getTime()).toBeGreaterThan(Date.now() + 6.9 * 86_400_000);
    const rows = await db(
      'select r.* from refresh_tokens r join sessions s on s.id = r.session_id where s.user_id = ?',
      [user.id],
    );
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(refreshToken);
  });

  it('rotate: each refresh spends the token and returns new tokens for the same session', async () => {
    const first = await signUp(t.server);
    const second = (await refresh(first.refreshToken)).data!.refreshToken;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(sessionIdOf(second.accessToken)).toBe(sessionIdOf(first.accessToken));
    expect((await viewer(second.accessToken)).data!.viewer.id).toBe(first.user.id);
    const third = (await refresh(second.refreshToken)).data!.refreshToken;
    expect((await viewer(third.accessToken)).data!.viewer.id).toBe(first.user.id);
  });

  it('give parallel refreshes with one token (two tabs) the same successor', async () => {
    const { refreshToken } = await signUp(t.server);
    const results = await Promise.all(Array.from({ length: 6 }, () => refresh(refreshToken)));
    const successors = new Set(results.map((r) => r.data?.refreshToken.refreshToken));
    expect(results.map(errorCode)).toEqual(Array(6).fill(undefined));
    expect(successors.size).toBe(1);
    const [successor] = [...successors];
    await expect(refresh(successor!).then((r) => r.data?.refreshToken.user.id)).resolves.toBeDefined();
  });

  it('treat a spent token replayed after the grace window as theft: the whole session ends', async () => {
    const victim = await signUp(t.server);
    const next = (await refresh(victim.refreshToken)).data!.refreshToken;
    await db(
      `update refresh_tokens set spent_at = now() - interval '11 seconds' where session_id = ? and spent_at is not null`,
      [sessionIdOf(victim.accessToken)],
    );

    const replay = await refresh(victim.refreshToken);
    expect(errorCode(replay)).toBe('UNAUTHENTICATED');
    expect(replay.errors![0].message).toMatch(/already used/);
    expect(errorCode(await viewer(next.accessToken))).toBe('UNAUTHENTICATED');
    expect(errorCode(await refresh(next.refreshToken))).toBe('UNAUTHENTICATED');
  });

  it('refuse an access token as a refresh token and a refresh token as an access token', async () => {
    const { accessToken, refreshToken } = await signUp(t.server);
    expect(errorCode(await refresh(accessToken))).toBe('UNAUTHENTICATED');
    expect(errorCode(await viewer(refreshToken))).toBe('UNAUTHENTICATED');
    expect(errorCode(await refresh(null))).toBe('UNAUTHENTICATED');
    expect(errorCode(await refresh('x'.repeat(43)))).toBe('UNAUTHENTICATED');
  });

  it('end with a session idle for longer than SESSION_IDLE_TTL, even while the access token lives', async () => {
    const { accessToken, refreshToken } = await signUp(t.server);
    await db(`update sessions set last_seen_at = now() - interval '7 days 1 minute' where id = ?`, [
      sessionIdOf(accessToken),
    ]);
    expect(errorCode(await viewer(accessToken))).toBe('UNAUTHENTICATED');
    expect(errorCode(await refresh(refreshToken))).toBe('UNAUTHENTICATED');
  });

  it('never extend a session past its absolute limit', async () => {
    const { accessToken, refreshToken } = await signUp(t.server);
    const [{ expires_at }] = await db<{ expires_at: string }>(
      `update sessions set expires_at = now() + interval '1 hour' where id = ? returning expires_at`,
      [sessionIdOf(accessToken)],
    );
    const next = (await refresh(refreshToken)).data!.refreshToken;
    expect(new Date(next.refreshTokenExpiresAt).getTime()).toBe(new Date(expires_at).getTime());

    await db(`update sessions set expires_at = now() - interval '1 second' where id = ?`, [sessionIdOf(accessToken)]);
    expect(errorCode(await refresh(next.refreshToken))).toBe('UNAUTHENTICATED');
    expect(errorCode(await viewer(next.accessToken))).toBe('UNAUTHENTICATED');
  });

  it('die with their session at logout', async () => {
    const user = await signUp(t.server);
    const other = await logIn(t.server, user.input.email, user.input.password);
    await gql(t.server, 'mutation { logout }', {}, { token: user.accessToken });
    expect(errorCode(await refresh(user.refreshToken))).toBe('UNAUTHENTICATED');
    expect(errorCode(await refresh(other.refreshToken))).toBeUndefined();
  });
});
