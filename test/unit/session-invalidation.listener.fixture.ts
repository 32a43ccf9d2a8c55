import { Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { EventEmitter } from 'node:events';
import { EntityManager } from '@mikro-orm/postgresql';
import { Client, type Notification } from 'pg';
import { authConfig, type AuthConfig } from '../../src/config';
import { testAuthConfig } from './config.fixture';
import { DatabaseTarget } from '../../src/database';
import { SessionCache } from '../../src/sessions/cache/session-cache';
import {
  INVALIDATION_CHANNEL,
  SessionInvalidationListener,
} from '../../src/sessions/cache/session-invalidation.listener';

export const URL = 'postgres://doorman@db.internal:5432/doorman';
/** The ORM pool's connection, through which heartbeats go (as any write's notification would). */
export const pool = { execute: jest.fn<Promise<unknown>, [string, unknown[]?]>() };
const em = { getConnection: () => pool };

/** What the listener uses of pg's Client: a connection whose events the spec raises itself. */
export class FakeClient extends EventEmitter {
  connect = jest.fn<Promise<void>, []>().mockResolvedValue();
  query = jest.fn<Promise<unknown>, [string, unknown[]?]>().mockResolvedValue({ rows: [] });
  end = jest.fn<Promise<void>, []>().mockResolvedValue();
  notify(payload: string): void {
    this.emit('notification', { processId: 1, channel: INVALIDATION_CHANNEL, payload } satisfies Notification);
  }
}

/**
 * Shared set-up of the listener specs (pg's Client must be mocked by the spec: jest.mock('pg')).
 * Call in a describe body: registers beforeEach/afterEach and returns the live fakes.
 */
export function listenerHarness() {
  const state = { clients: [] as FakeClient[], refusals: [] as Error[] };
  const cache = {
    enable: jest.fn<void, [number]>(),
    heard: jest.fn<void, []>(),
    disable: jest.fn<void, []>(),
    evictSession: jest.fn<void, [string]>(),
    evictUser: jest.fn<void, [string]>(),
    clear: jest.fn<void, []>(),
  };

  async function listenerWith(
    config: Partial<AuthConfig> = {},
    embedded = false,
  ): Promise<SessionInvalidationListener> {
    const target: Pick<DatabaseTarget, 'clientUrl' | 'embedded'> = { clientUrl: URL, embedded };
    const moduleRef = await Test.createTestingModule({
      providers: [
        SessionInvalidationListener,
        { provide: SessionCache, useValue: cache },
        { provide: DatabaseTarget, useValue: target },
        { provide: EntityManager, useValue: em },
        { provide: authConfig.KEY, useValue: testAuthConfig(config) },
      ],
    }).compile();
    return moduleRef.get(SessionInvalidationListener);
  }

  /** Starts a listener whose first connection succeeds, and forgets the calls that made it. */
  async function listening(): Promise<[SessionInvalidationListener, FakeClient]> {
    const listener = await listenerWith();
    await listener.onApplicationBootstrap();
    jest.clearAllMocks();
    return [listener, state.clients[0]];
  }

  beforeEach(() => {
    jest.resetAllMocks();
    pool.execute.mockResolvedValue([]);
    state.clients = [];
    state.refusals = [];
    jest.mocked(Client).mockImplementation(() => {
      const client = new FakeClient();
      const refusal = state.refusals.shift();
      if (refusal) client.connect.mockRejectedValue(refusal);
      state.clients.push(client);
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

  return { state, cache, listenerWith, listening };
}
