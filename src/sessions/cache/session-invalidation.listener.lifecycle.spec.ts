import { type FakeClient, listenerHarness, pool } from '../../../test/unit/session-invalidation.listener.fixture';
import { INVALIDATION_CHANNEL } from './session-invalidation.listener';

jest.mock('pg', () => ({ Client: jest.fn() }));

describe('SessionInvalidationListener: connection life cycle', () => {
  const { state, cache, listenerWith, listening } = listenerHarness();

  it('turns the cache off, and reconnects, when its heartbeats stop coming back', async () => {
    await listening();

    await jest.advanceTimersByTimeAsync(1_500);
    expect(cache.disable).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(500);
    expect(cache.disable).toHaveBeenCalledTimes(1);
    expect(state.clients[0].end).toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(100);
    expect(state.clients).toHaveLength(2);
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
    expect(state.clients).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(state.clients).toHaveLength(2);
    expect(state.clients[1].query).toHaveBeenCalledWith(`LISTEN ${INVALIDATION_CHANNEL}`);
    expect(cache.enable).toHaveBeenCalledTimes(1);
  });

  it('backs off while connecting fails (100, 500, 1000, then every 5000 ms), and starts over once a heartbeat comes back', async () => {
    state.refusals = [1, 2, 3, 4, 5].map((n) => new Error(`ECONNREFUSED ${n}`));
    // Heartbeats reach whichever connection is listening by then.
    pool.execute.mockImplementation((_sql, params) => {
      state.clients[state.clients.length - 1].notify(String(params?.[0]));
      return Promise.resolve([]);
    });
    const listener = await listenerWith();
    await listener.onApplicationBootstrap();
    const connectedAt: number[] = [];
    for (let elapsed = 0; elapsed <= 12_000; elapsed += 50) {
      if (connectedAt.length < state.clients.length) connectedAt.push(elapsed);
      await jest.advanceTimersByTimeAsync(50);
    }

    expect(connectedAt).toEqual([0, 100, 600, 1_600, 6_600, 11_600]);
    expect(cache.enable).toHaveBeenCalledTimes(1);
    // Connected, but not yet heard back: a loss now keeps the long backoff.
    state.clients[5].emit('error', new Error('terminating connection'));
    await jest.advanceTimersByTimeAsync(4_999);
    expect(state.clients).toHaveLength(6);
    await jest.advanceTimersByTimeAsync(1);
    expect(state.clients).toHaveLength(7);
    // Heard back: the next loss starts over at 100 ms.
    await jest.advanceTimersByTimeAsync(600);
    expect(cache.heard).toHaveBeenCalled();
    state.clients[6].emit('error', new Error('terminating connection'));
    await jest.advanceTimersByTimeAsync(100);
    expect(state.clients).toHaveLength(8);
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
    expect(state.clients).toHaveLength(1);
  });

  it('on shutdown while waiting to reconnect, does not reconnect', async () => {
    const [listener, client] = await listening();
    client.emit('error', new Error('terminating connection'));

    await expect(listener.onApplicationShutdown()).resolves.toBeUndefined();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(state.clients).toHaveLength(1);
  });
});
