import { SessionCache } from '../src/sessions/cache/session-cache';
import { SessionInvalidationListener } from '../src/sessions/cache/session-invalidation.listener';
import { logIn, signUp } from './factories/user.factory';
import { onEmbedded, startApp, type TestApp } from './helpers/app';
import { waitFor } from './helpers/wait';
import { sessionIdOf, sql } from './helpers/db';
import { CHANGE_PASSWORD, errorCode, gql, LOGOUT, VIEWER } from './helpers/graphql';

// Listening needs a second connection: PostgreSQL, not the one-connection embedded one.
const describeOnPostgres = onEmbedded ? describe.skip : describe;

/** Resolves with the payload of the next eviction `t`'s listener makes that matches. */
function nextEviction(t: TestApp, match: (payload: string) => boolean, timeoutMs = 5_000): Promise<string> {
  const listener = t.app.get(SessionInvalidationListener);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no matching eviction within ${timeoutMs} ms`)), timeoutMs);
    listener.onEvicted = (payload) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      listener.onEvicted = undefined;
      resolve(payload);
    };
  });
}

describeOnPostgres('the session cache, across two instances', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    // A minute-long TTL (the longest allowed): whatever ends a cached session here, it is not the TTL.
    [a, b] = await Promise.all([
      startApp({ SESSION_CACHE_TTL_MS: '60000' }),
      startApp({ SESSION_CACHE_TTL_MS: '60000' }),
    ]);
    // Each cache serves once its first heartbeat has come back through the channel.
    await waitFor(() => a.app.get(SessionCache).active && b.app.get(SessionCache).active);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  const viewerOn = (t: TestApp, token: string) =>
    gql<{ viewer: { id: string; name: string } | null }>(t.server, VIEWER, {}, { token });
  /** B has read the session and holds it: it would answer from memory now. */
  const cachedOnB = async (token: string) => {
    expect((await viewerOn(b, token)).data?.viewer).not.toBeNull();
    expect(b.app.get(SessionCache).get(sessionIdOf(token))).toBeDefined();
  };

  it('serves a live session from memory, and a logout on one instance is refused by the other at once', async () => {
    const me = await signUp(a.server);
    await cachedOnB(me.accessToken);

    const evicted = nextEviction(b, (payload) => payload === `s:${sessionIdOf(me.accessToken)}`);
    const started = performance.now();
    expect((await gql(a.server, LOGOUT, {}, { token: me.accessToken })).data).toEqual({ logout: true });
    await evicted;
    const elapsed = performance.now() - started;

    expect(errorCode(await viewerOn(b, me.accessToken))).toBe('UNAUTHENTICATED');
    // Not an assertion on speed (benchmarks measure that); the figure shows in verbose runs.
    if (process.env.DEBUG_TIMINGS) console.log(`logout on A → eviction on B: ${elapsed.toFixed(1)} ms`);
  });

  it('answers from memory: a revocation the database does not announce goes unseen (no Doorman path can make one)', async () => {
    const me = await signUp(a.server);
    await cachedOnB(me.accessToken);
    const sid = sessionIdOf(me.accessToken);
    // Triggers off for this one transaction (superuser only): the write Doorman's triggers exist to prevent.
    await sql(a)(
      `begin; set local session_replication_role = replica; update sessions set revoked_at = now() where id = '${sid}'; commit;`,
    );

    expect((await viewerOn(b, me.accessToken)).data?.viewer?.id).toBe(me.user.id);
    expect(errorCode(await viewerOn(a, me.accessToken))).toBe('UNAUTHENTICATED');
    b.app.get(SessionCache).evictSession(sid);
    expect(errorCode(await viewerOn(b, me.accessToken))).toBe('UNAUTHENTICATED');
  });

  it('forgets a session when its user changes or goes, whichever instance changed it', async () => {
    const me = await signUp(a.server);
    await cachedOnB(me.accessToken);
    const renamed = nextEviction(b, (payload) => payload === `u:${me.user.id}`);
    await gql(
      a.server,
      `mutation { updateProfile(input: { name: "Renamed Elsewhere" }) { name } }`,
      {},
      { token: me.accessToken },
    );
    await renamed;
    expect((await viewerOn(b, me.accessToken)).data?.viewer?.name).toBe('Renamed Elsewhere');

    await cachedOnB(me.accessToken);
    const deleted = nextEviction(b, (payload) => payload === `u:${me.user.id}`);
    await gql(
      a.server,
      'mutation($p: String!) { deleteAccount(password: $p) }',
      { p: me.input.password },
      { token: me.accessToken },
    );
    await deleted;
    expect(errorCode(await viewerOn(b, me.accessToken))).toBe('UNAUTHENTICATED');
  });

  it('ends every other cached session on a password change, and an expiry set in the database', async () => {
    const me = await signUp(a.server);
    const other = await logIn(a.server, me.input.email, me.input.password);
    await cachedOnB(other.accessToken);
    const ended = nextEviction(b, (payload) => payload === `s:${sessionIdOf(other.accessToken)}`);
    const changed = await gql(
      a.server,
      CHANGE_PASSWORD,
      { input: { currentPassword: me.input.password, newPassword: 'changed on instance A' } },
      { token: me.accessToken },
    );
    expect(changed.errors).toBeUndefined();
    await ended;
    expect(errorCode(await viewerOn(b, other.accessToken))).toBe('UNAUTHENTICATED');

    await cachedOnB(me.accessToken);
    const expired = nextEviction(b, (payload) => payload === `s:${sessionIdOf(me.accessToken)}`);
    await sql(a)(`update sessions set expires_at = now() - interval '1 second' where id = ?`, [
      sessionIdOf(me.accessToken),
    ]);
    await expired;
    expect(errorCode(await viewerOn(b, me.accessToken))).toBe('UNAUTHENTICATED');
  });

  it('turns itself off when its listening connection is cut, and on again once it is back', async () => {
    const me = await signUp(a.server);
    await cachedOnB(me.accessToken);
    const cache = b.app.get(SessionCache);

    await sql(a)(`select pg_terminate_backend(pid) from pg_stat_activity where query = 'LISTEN doorman_auth'`);
    // While nobody listens, a revocation would go unheard: the cache must not answer at all.
    await waitFor(() => !cache.active);
    expect(cache.get(sessionIdOf(me.accessToken))).toBeUndefined();
    await gql(a.server, LOGOUT, {}, { token: me.accessToken });
    expect(errorCode(await viewerOn(b, me.accessToken))).toBe('UNAUTHENTICATED');

    await waitFor(() => cache.active);
    const again = await signUp(a.server);
    await cachedOnB(again.accessToken);
  });
});

const describeOnEmbedded = onEmbedded ? describe : describe.skip;

describeOnEmbedded('the session cache on embedded PostgreSQL', () => {
  it('stays off (there is no second connection to listen on), and sessions are read every time', async () => {
    const t = await startApp();
    try {
      const me = await signUp(t.server);
      await gql(t.server, VIEWER, {}, { token: me.accessToken });
      expect(t.app.get(SessionCache).active).toBe(false);
      expect(t.app.get(SessionCache).size).toBe(0);
    } finally {
      await t.close();
    }
  });
});
