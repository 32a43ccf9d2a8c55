import { Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { EventEmitter } from 'node:events';
import { EntityManager } from '@mikro-orm/postgresql';
import { Client, type Notification } from 'pg';
import { authConfig, type AuthConfig } from '../config';
import { testAuthConfig } from '../config/config.fixture';
import { DatabaseTarget } from '../database/database-target';
import { SessionCache } from './session-cache';
import { INVALIDATION_CHANNEL, SessionInvalidationListener } from './session-invalidation.listener';

jest.mock('pg', () => ({ Client: jest.fn() }));

const URL = 'postgres://doorman@db.internal:5432/doorman';
/** The ORM pool's connection, through which heartbeats go (as any write's notification would). */
const pool = { execute: jest.fn<Promise<unknown>, [string, unknown[]?]>() };
const em = { getConnection: () => pool };

/** What the listener uses of pg's Client: a connection whose events the spec raises itself. */
class FakeClient extends EventEmitter {
  connect = jest.fn<Promise<void>, []>().mockResolvedValue();
  query = jest.fn<Promise<unknown>, [string, unknown[]?]>().mockResolvedValue({ rows: [] });
  end = jest.fn<Promise<void>, []>().mockResolvedValue();
  notify(payload: string): void {
    this.emit('notification', { processId: 1, channel: INVALIDATION_CHANNEL, payload } satisfies Notification);
  }
}

describe('SessionInvalidationListener', () => {
  let clients: FakeClient[];
  /** Connections to come that fail to connect, in order. */
  let refusals: Error[];
  const cache = { enable: jest.fn<void, [number]>(), heard: jest.fn<void, []>(), disable: jest.fn<void, []>(),
    evictSession: jest.fn<void, [string]>(), evictUser: jest.fn<void, [string]>(), clear: jest.fn<void, []>() };

  async function listenerWith(config: Partial<AuthConfig> = {}, embedded = false): Promise<SessionInvalidationListener> {
    const target: Pick<DatabaseTarget, 'clientUrl' | 'embedded'> = { clientUrl: URL, embedded };
    const moduleRef = await Test.createTestingModule({
      providers: [SessionInvalidationListener, { provide: SessionCache, useValue: cache }, { provide: DatabaseTarget, useValue: target },
        { provide: EntityManager, useValue: em }, { provide: authConfig.KEY, useValue: testAuthConfig(config) }],
    }).compile();
    return moduleRef.get(SessionInvalidationListener);
  }

  /** Starts a listener whose first connection succeeds, and forgets the calls that made it. */
  async function listening(): Promise<[SessionInvalidationListener, FakeClient]> {
    const listener = await listenerWith();
    await listener.onApplicationBootstrap();
    jest.clearAllMocks();
    return [listener, clients[0]];
  }

  beforeEach(() => {
    jest.resetAllMocks();
    pool.execute.mockResolvedValue([]);
    clients = [];
    refusals = [];
    jest.mocked(Client).mockImplementation(() => {
      const client = new FakeClient();
      const refusal = refusals.shift();
      if (refusal) client.connect.mockRejectedValue(refusal);
      clients.push(client);
      return client as unknown as Client;
    });
    jest.spyOn(Logger.prototype, 'log').mockImplementation();
    jest.spyOn(Logger.prototype, 'warn').mockImplementation();
    jest.useFakeTimers();
  });

  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

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
    const [client] = clients;
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
    for (const trigger of ['sessions_notify_update', 'sessions_notify_delete', 'users_notify_update', 'users_notify_delete']) expect(sql).toContain(`'${trigger}'`);
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

  it('turns the cache off, and reconnects, when its heartbeats stop coming back', async () => {
    await listening();

    await jest.advanceTimersByTimeAsync(1_500);
    expect(cache.disable).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(500);
    expect(cache.disable).toHaveBeenCalledTimes(1);
    expect(clients[0].end).toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(100);
    expect(clients).toHaveLength(2);
    expect(cache.enable).toHaveBeenCalledTimes(1);
  });

  it.each<[string, (client: FakeClient) => void]>([
    ['an error', (client) => client.emit('error', new Error('terminating connection'))],
    ['the connection ending', (client) => client.emit('end')],
  ])('on %s turns the cache off at once, then reconnects after 100 ms and turns it back on', async (_, lose) => {
    const [, client] = await listening();

    lose(client);
    expect(cache.disable).toHaveBeenCalledTimes(1);
    expect(client.end).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(99);
    expect(clients).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(clients).toHaveLength(2);
    expect(clients[1].query).toHaveBeenCalledWith(`LISTEN ${INVALIDATION_CHANNEL}`);
    expect(cache.enable).toHaveBeenCalledTimes(1);
  });

  it('backs off while connecting fails (100, 500, 1000, then every 5000 ms), and starts over once a heartbeat comes back', async () => {
    refusals = [1, 2, 3, 4, 5].map((n) => new Error(`ECONNREFUSED ${n}`));
    // Heartbeats reach whichever connection is listening by then.
    pool.execute.mockImplementation((_sql, params) => {
      clients[clients.length - 1].notify(String(params?.[0]));
      return Promise.resolve([]);
    });
    const listener = await listenerWith();
    await listener.onApplicationBootstrap();
    const connectedAt: number[] = [];
    for (let elapsed = 0; elapsed <= 12_000; elapsed += 50) {
      connectedAt.length < clients.length && connectedAt.push(elapsed);
      await jest.advanceTimersByTimeAsync(50);
    }

    expect(connectedAt).toEqual([0, 100, 600, 1_600, 6_600, 11_600]);
    expect(cache.enable).toHaveBeenCalledTimes(1);
    // Connected, but not yet heard back: a loss now keeps the long backoff.
    clients[5].emit('error', new Error('terminating connection'));
    await jest.advanceTimersByTimeAsync(4_999);
    expect(clients).toHaveLength(6);
    await jest.advanceTimersByTimeAsync(1);
    expect(clients).toHaveLength(7);
    // Heard back: the next loss starts over at 100 ms.
    await jest.advanceTimersByTimeAsync(600);
    expect(cache.heard).toHaveBeenCalled();
    clients[6].emit('error', new Error('terminating connection'));
    await jest.advanceTimersByTimeAsync(100);
    expect(clients).toHaveLength(8);
  });

  it('on shutdown ends the connection, turns the cache off, and does not reconnect', async () => {
    const [listener, client] = await listening();

    await expect(listener.onApplicationShutdown()).resolves.toBeUndefined();
    expect(client.end).toHaveBeenCalledTimes(1);
    expect(cache.disable).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(10_000);
    expect(client.query).not.toHaveBeenCalled();
    client.emit('end');
    await jest.advanceTimersByTimeAsync(10_000);
    expect(clients).toHaveLength(1);
  });

  it('on shutdown while waiting to reconnect, does not reconnect', async () => {
    const [listener, client] = await listening();
    client.emit('error', new Error('terminating connection'));

    await expect(listener.onApplicationShutdown()).resolves.toBeUndefined();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(clients).toHaveLength(1);
  });
});
