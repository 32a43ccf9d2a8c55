import { Test } from '@nestjs/testing';
import { authConfig, type AuthConfig } from '../../config';
import { testAuthConfig } from '../../../test/unit/config.fixture';
import { SessionCache, type SessionRow } from './session-cache';

const T0 = new Date('2030-01-01T12:00:00Z').getTime();
const TTL_MS = 5_000;
const TRUST_MS = 1_500;

const row = (sessionId: string, userId = 'user-a'): SessionRow => ({
  sessionId,
  expiresAt: new Date(T0 + 86_400_000),
  lastSeenAt: new Date(T0 - 60_000),
  user: {
    id: userId,
    name: 'Alice',
    email: `${userId}@example.com`,
    emailVerifiedAt: null,
    createdAt: new Date(T0 - 86_400_000),
  },
});

async function cacheWith(overrides: Partial<AuthConfig> = {}): Promise<SessionCache> {
  const config = testAuthConfig({ sessionCacheTtlMs: TTL_MS, sessionCacheMax: 1_000, ...overrides });
  const moduleRef = await Test.createTestingModule({
    providers: [SessionCache, { provide: authConfig.KEY, useValue: config }],
  }).compile();
  return moduleRef.get(SessionCache);
}

/** Enabled, and its first heartbeat heard: the cache serves from here on. */
const on = (cache: SessionCache, trustMs: number) => {
  cache.enable(trustMs);
  cache.heard();
};

/** Stores through the front door: an epoch taken just before, as a lookup would. */
const put = (cache: SessionCache, ...rows: SessionRow[]) => rows.forEach((r) => cache.set(r, cache.begin()));

describe('SessionCache', () => {
  let cache: SessionCache;

  beforeEach(async () => {
    cache = await cacheWith();
    jest.useFakeTimers({ now: T0 });
  });

  afterEach(() => jest.useRealTimers());

  describe('on and off', () => {
    it('is off until enabled, storing nothing; once enabled, gives back the very row it was given', () => {
      const stored = row('s1');
      put(cache, stored);
      expect([cache.active, cache.size, cache.get('s1')]).toEqual([false, 0, undefined]);

      on(cache, TRUST_MS);
      put(cache, stored);
      expect([cache.active, cache.size]).toEqual([true, 1]);
      expect(cache.get('s1')).toBe(stored);
    });

    it('stays off with SESSION_CACHE_TTL_MS=0, even when enabled', async () => {
      cache = await cacheWith({ sessionCacheTtlMs: 0 });
      cache.enable(TRUST_MS);
      put(cache, row('s1'));

      expect(cache.active).toBe(false);
      expect(cache.size).toBe(0);
    });

    it('trusts nothing after enable until the first heartbeat comes back', () => {
      cache.enable(TRUST_MS);
      put(cache, row('s1'));
      expect([cache.active, cache.size]).toEqual([false, 0]);

      cache.heard();
      put(cache, row('s1'));
      expect([cache.active, cache.size]).toEqual([true, 1]);
    });

    it('trusts the channel for trustMs after a heartbeat, and no longer without another', () => {
      on(cache, TRUST_MS);
      put(cache, row('s1'));

      jest.advanceTimersByTime(TRUST_MS);
      expect(cache.get('s1')).toBeDefined();
      jest.advanceTimersByTime(1);
      expect(cache.active).toBe(false);
      expect(cache.get('s1')).toBeUndefined();
      put(cache, row('s2'));
      expect(cache.size).toBe(1);
    });

    it('trusts it for trustMs after each heartbeat', () => {
      on(cache, TRUST_MS);
      put(cache, row('s1'));
      jest.advanceTimersByTime(1_000);
      cache.heard();
      jest.advanceTimersByTime(TRUST_MS);

      expect(cache.get('s1')).toBeDefined();
      jest.advanceTimersByTime(1);
      expect(cache.get('s1')).toBeUndefined();
      cache.heard();
      expect(cache.get('s1')).toBeDefined();
    });

    it('disable empties it and turns it off; a heartbeat does not turn it back on', () => {
      on(cache, TRUST_MS);
      put(cache, row('s1'));
      expect(cache.size).toBe(1);
      cache.disable();
      cache.heard();

      expect(cache.active).toBe(false);
      expect(cache.size).toBe(0);
    });

    it('enable empties it: what was cached before the channel (re)connected cannot be trusted', () => {
      on(cache, TRUST_MS);
      put(cache, row('s1'));
      expect(cache.size).toBe(1);
      on(cache, TRUST_MS);

      expect(cache.size).toBe(0);
      expect(cache.get('s1')).toBeUndefined();
    });
  });

  describe('a lookup that an eviction overtook', () => {
    beforeEach(() => on(cache, 60_000));

    it.each<[string, (cache: SessionCache) => void]>([
      ['a session eviction, of any session', (c) => c.evictSession('someone-else')],
      ['a user eviction, of any user', (c) => c.evictUser('user-z')],
      ['clear', (c) => c.clear()],
      ['a re-enable', (c) => on(c, 60_000)],
    ])('is not stored when %s happened since it began', (_, evict) => {
      const epoch = cache.begin();
      evict(cache);
      cache.set(row('s1'), epoch);

      expect(cache.size).toBe(0);
      expect(cache.get('s1')).toBeUndefined();
    });

    it('is stored when it began after the eviction', () => {
      cache.evictSession('s1');
      const epoch = cache.begin();
      cache.set(row('s1'), epoch);

      expect(cache.get('s1')).toEqual(row('s1'));
    });
  });

  describe('expiry', () => {
    beforeEach(() => on(cache, 60_000));

    it('serves an entry for SESSION_CACHE_TTL_MS after it was stored, then drops it', () => {
      put(cache, row('s1'));

      expect(cache.get('s1', T0 + TTL_MS)).toBeDefined();
      expect(cache.get('s1', T0 + TTL_MS + 1)).toBeUndefined();
      expect(cache.size).toBe(0);
      expect(cache.get('s1', T0)).toBeUndefined();
    });

    it('reads the clock when not told the time', () => {
      put(cache, row('s1'));
      jest.advanceTimersByTime(TTL_MS + 1);

      expect(cache.get('s1')).toBeUndefined();
    });
  });

  describe('eviction', () => {
    beforeEach(() => {
      on(cache, 60_000);
      put(cache, row('a1', 'user-a'), row('a2', 'user-a'), row('b1', 'user-b'));
    });

    it('evictSession drops that session only', () => {
      cache.evictSession('a1');

      expect(cache.get('a1')).toBeUndefined();
      expect(cache.get('a2')).toBeDefined();
      expect(cache.get('b1')).toBeDefined();
      expect(cache.size).toBe(2);
    });

    it("evictUser drops every session of that user and no one else's", () => {
      cache.evictUser('user-a');

      expect(cache.get('a1')).toBeUndefined();
      expect(cache.get('a2')).toBeUndefined();
      expect(cache.get('b1')).toBeDefined();
      expect(cache.size).toBe(1);
    });

    it("evictUser still finds the rest of a user's sessions after one was evicted, and those cached later", () => {
      cache.evictSession('a1');
      put(cache, row('a3', 'user-a'));
      cache.evictUser('user-a');

      expect(cache.get('a2')).toBeUndefined();
      expect(cache.get('a3')).toBeUndefined();
      expect(cache.get('b1')).toBeDefined();
      expect(cache.size).toBe(1);
    });

    it('clear drops everything', () => {
      cache.clear();

      expect(['a1', 'a2', 'b1'].map((id) => cache.get(id))).toEqual([undefined, undefined, undefined]);
    });
  });

  it('holds at most SESSION_CACHE_MAX entries, making room by dropping the oldest', async () => {
    cache = await cacheWith({ sessionCacheMax: 2 });
    on(cache, 60_000);
    put(cache, row('s1', 'user-a'), row('s2', 'user-b'), row('s3', 'user-c'));

    expect(cache.size).toBe(2);
    expect(cache.get('s1')).toBeUndefined();
    expect(cache.get('s2')).toBeDefined();
    expect(cache.get('s3')).toBeDefined();
  });
});
