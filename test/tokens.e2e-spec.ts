import { MikroORM } from '@mikro-orm/postgresql';
import { createHmac, randomUUID } from 'node:crypto';
import { signUp } from './factories/user.factory';
import { SessionCache } from '../src/sessions/cache/session-cache';
import { startApp, type TestApp } from './helpers/app';
import { errorCode, gql, VIEWER } from './helpers/graphql';

const b64 = (value: object | string) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const secret = () => process.env.JWT_SECRET!;

/** Builds a JWT by hand, so every field (alg, claims, signature) is under the test's control. */
function jwt(header: object, claims: object, key: string | null = secret()): string {
  const unsigned = `${b64(header)}.${b64(claims)}`;
  if (key === null) return `${unsigned}.`;
  return `${unsigned}.${createHmac('sha256', key).update(unsigned).digest('base64url')}`;
}

describe('the session guard refuses every token it should', () => {
  let t: TestApp;
  let good: { accessToken: string; user: { id: string } };
  let sid: string;
  const now = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    t = await startApp();
    good = await signUp(t.server);
    sid = JSON.parse(Buffer.from(good.accessToken.split('.')[1], 'base64url').toString()).sid;
  });
  afterAll(() => t.close());

  const viewerWith = (token: string) => gql(t.server, VIEWER, {}, { token });

  it('accepts the token it issued, and a hand-built one with the same claims', async () => {
    expect((await viewerWith(good.accessToken)).data).toEqual({
      viewer: expect.objectContaining({ id: good.user.id }),
    });
    const same = jwt({ alg: 'HS256', typ: 'JWT' }, { sub: good.user.id, sid, iat: now(), exp: now() + 60 });
    expect((await viewerWith(same)).data).toEqual({ viewer: expect.objectContaining({ id: good.user.id }) });
  });

  it.each<[string, () => string]>([
    [
      'a tampered payload',
      () => {
        const [h, , s] = good.accessToken.split('.');
        return `${h}.${b64({ sub: randomUUID(), sid, iat: now(), exp: now() + 60 })}.${s}`;
      },
    ],
    [
      'a tampered signature',
      () => `${good.accessToken.slice(0, -3)}${good.accessToken.endsWith('AAA') ? 'BBB' : 'AAA'}`,
    ],
    [
      'another secret',
      () =>
        jwt(
          { alg: 'HS256' },
          { sub: good.user.id, sid, iat: now(), exp: now() + 60 },
          'some-other-secret-of-32-bytes-or-more',
        ),
    ],
    ['alg: none', () => jwt({ alg: 'none' }, { sub: good.user.id, sid, iat: now(), exp: now() + 60 }, null)],
    [
      'HS512',
      () => {
        const unsigned = `${b64({ alg: 'HS512' })}.${b64({ sub: good.user.id, sid, iat: now(), exp: now() + 60 })}`;
        return `${unsigned}.${createHmac('sha512', secret()).update(unsigned).digest('base64url')}`;
      },
    ],
    ['no exp', () => jwt({ alg: 'HS256' }, { sub: good.user.id, sid, iat: now() })],
    ['an expired exp', () => jwt({ alg: 'HS256' }, { sub: good.user.id, sid, iat: now() - 120, exp: now() - 60 })],
    [
      'an unknown session',
      () => jwt({ alg: 'HS256' }, { sub: good.user.id, sid: randomUUID(), iat: now(), exp: now() + 60 }),
    ],
    ['a session of another user', () => jwt({ alg: 'HS256' }, { sub: randomUUID(), sid, iat: now(), exp: now() + 60 })],
    [
      'a sid that is not a UUID',
      () => jwt({ alg: 'HS256' }, { sub: good.user.id, sid: "x' or 1=1 --", iat: now(), exp: now() + 60 }),
    ],
    ['garbage', () => 'not.a.jwt'],
  ])('refuses %s with UNAUTHENTICATED', async (_label, token) => {
    const res = await viewerWith(token());
    expect(res.status).toBe(200);
    expect(errorCode(res)).toBe('UNAUTHENTICATED');
    expect(res.data).toEqual({ viewer: null });
  });

  it.each(['Basic abc', 'Bearer', 'Bearer a b', `bearer${'x'.repeat(10)}`])('refuses the header %p', async (header) => {
    const res = await gql(t.server, VIEWER, {}, { headers: { authorization: header } });
    expect(errorCode(res)).toBe('UNAUTHENTICATED');
  });

  it('refuses a session past its expiry even while the token is valid', async () => {
    const user = await signUp(t.server);
    const userSid = JSON.parse(Buffer.from(user.accessToken.split('.')[1], 'base64url').toString()).sid;
    const em = t.app.get(MikroORM).em.fork();
    await em
      .getConnection()
      .execute(`update sessions set expires_at = now() - interval '1 second' where id = ?`, [userSid]);
    expect(errorCode(await viewerWith(user.accessToken))).toBe('UNAUTHENTICATED');
  });

  it('refuses every token of a deleted user', async () => {
    const user = await signUp(t.server);
    expect(errorCode(await viewerWith(user.accessToken))).toBeUndefined();
    await t.app.get(MikroORM).em.fork().getConnection().execute('delete from users where id = ?', [user.user.id]);
    expect(errorCode(await viewerWith(user.accessToken))).toBe('UNAUTHENTICATED');
  });

  it('moves lastSeenAt at most once a minute', async () => {
    const user = await signUp(t.server);
    const userSid = JSON.parse(Buffer.from(user.accessToken.split('.')[1], 'base64url').toString()).sid;
    const connection = t.app.get(MikroORM).em.fork().getConnection();
    const lastSeen = async () =>
      new Date(
        (
          await connection.execute<{ last_seen_at: string }[]>('select last_seen_at from sessions where id = ?', [
            userSid,
          ])
        )[0].last_seen_at,
      ).getTime();

    const initial = await lastSeen();
    await viewerWith(user.accessToken);
    expect(await lastSeen()).toBe(initial);

    await connection.execute(`update sessions set last_seen_at = now() - interval '2 minutes' where id = ?`, [userSid]);
    // Only the guard's touch writes last_seen_at, and it keeps the session cache's copy current;
    // this hand-made write bypasses it, so the cached copy goes too.
    t.app.get(SessionCache).evictSession(userSid);
    const stale = await lastSeen();
    await viewerWith(user.accessToken);
    expect(await lastSeen()).toBeGreaterThan(stale + 60_000);
  });
});
