import { Client } from 'pg';
import { listenerHarness, pool, URL } from '../../../test/unit/session-invalidation.listener.fixture';
import type { AuthConfig } from '../../config';
import { INVALIDATION_CHANNEL } from './session-invalidation.listener';

jest.mock('pg', () => ({ Client: jest.fn() }));

describe('SessionInvalidationListener: the channel', () => {
  const { state, cache, listenerWith, listening } = listenerHarness();

  it.each<[string, Partial<AuthConfig>, boolean]>([
    ['SESSION_CACHE_TTL_MS=0', { sessionCacheTtlMs: 0 }, false],
    ['embedded PostgreSQL', {}, true],
  ])('with %s never connects, and never turns the cache on', async (_, config, embedded) => {
    const listener = await listenerWith(config, embedded);

    await expect(listener.onApplicationBootstrap()).resolves.toBeUndefined();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(Client).not.toHaveBeenCalled();
    expect(cache.enable).not.toHaveBeenCalled();
  });

  it('connects to the database, LISTENs, and only then turns the cache on', async () => {
    const listener = await listenerWith();

    await expect(listener.onApplicationBootstrap()).resolves.toBeUndefined();
    expect(Client).toHaveBeenCalledWith(expect.objectContaining({ connectionString: URL }));
    const [client] = state.clients;
    expect(client.query).toHaveBeenCalledWith(`LISTEN ${INVALIDATION_CHANNEL}`);
    expect(cache.enable.mock.calls).toEqual([[1_500]]);
    expect(client.connect.mock.invocationCallOrder[0]).toBeLessThan(client.query.mock.invocationCallOrder[0]);
    expect(client.query.mock.invocationCallOrder[0]).toBeLessThan(cache.enable.mock.invocationCallOrder[0]);
  });

  it('evicts what each notification names, and empties the cache for one it does not understand', async () => {
    const [listener, client] = await listening();
    const evicted: string[] = [];
    listener.onEvicted = (payload) => evicted.push(payload);

    client.notify('s:session-1');
    client.notify('u:user-1');
    client.notify('x:something-new');

    expect(cache.evictSession.mock.calls).toEqual([['session-1']]);
    expect(cache.evictUser.mock.calls).toEqual([['user-1']]);
    expect(cache.clear).toHaveBeenCalledTimes(1);
    expect(evicted).toEqual(['s:session-1', 'u:user-1', 'x:something-new']);
  });

  it('sends a heartbeat every 500 ms from the pool, only while every trigger is enabled; only its own, heard back, vouches', async () => {
    const [listener, client] = await listening();
    const evicted: string[] = [];
    listener.onEvicted = (payload) => evicted.push(payload);

    await jest.advanceTimersByTimeAsync(500);
    expect(client.query).not.toHaveBeenCalled();
    expect(pool.execute).toHaveBeenCalledTimes(1);
    const [sql, [own] = []] = pool.execute.mock.calls[0];
    expect(sql).toMatch(new RegExp(`^select pg_notify\\('${INVALIDATION_CHANNEL}', \\?\\)`));
    for (const trigger of [
      'sessions_notify_update',
      'sessions_notify_delete',
      'users_notify_update',
      'users_notify_delete',
    ])
      expect(sql).toContain(`'${trigger}'`);
    expect(sql).toMatch(/tgenabled <> 'D'\) = 4$/);
    expect(own).toMatch(/^p:[0-9a-f-]{36}$/);

    client.notify('p:another-instance');
    expect(cache.heard).not.toHaveBeenCalled();
    client.notify(String(own));
    expect(cache.heard).toHaveBeenCalledTimes(1);
    expect([cache.evictSession, cache.evictUser, cache.clear].map((fn) => fn.mock.calls.length)).toEqual([0, 0, 0]);
    expect(evicted).toEqual([]);
  });

  it('keeps the cache on while its heartbeats come back', async () => {
    const [, client] = await listening();
    pool.execute.mockImplementation((_sql, params) => {
      client.notify(String(params?.[0]));
      return Promise.resolve([]);
    });

    await jest.advanceTimersByTimeAsync(10_000);
    expect(cache.heard).toHaveBeenCalledTimes(20);
    expect(cache.disable).not.toHaveBeenCalled();
  });
});
