import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { Client, type Notification } from 'pg';
import { authConfig, type AuthConfig } from '../../config';
import { DatabaseTarget } from '../../database';
import { SessionCache } from './session-cache';

/** The channel the triggers of migration Migration20261125030000 notify on: `s:<session id>` or `u:<user id>`. */
export const INVALIDATION_CHANNEL = 'doorman_auth';
const RECONNECT_MS = [100, 500, 1_000, 5_000];
/**
 * A connection can die without a word (a silent network partition), and triggers can be disabled.
 * So every HEARTBEAT_MS the instance notifies itself from another connection (the ORM's pool, as
 * any write would), and only if all four triggers are present and enabled. The cache trusts the
 * channel only while the last heartbeat came back within HEARTBEAT_DEADLINE_MS.
 */
const TRIGGERS = ['sessions_notify_update', 'sessions_notify_delete', 'users_notify_update', 'users_notify_delete'];
const HEARTBEAT_SQL = `select pg_notify('${INVALIDATION_CHANNEL}', ?)
  where (select count(*) from pg_trigger where tgname in (${TRIGGERS.map((t) => `'${t}'`).join(', ')}) and tgenabled <> 'D') = ${TRIGGERS.length}`;
const HEARTBEAT_MS = 500;
const HEARTBEAT_DEADLINE_MS = 1_500;

/**
 * Keeps the session cache honest across instances: a connection of its own LISTENs for the
 * database's announcements of changed sessions and users, and evicts them. The cache is on only
 * while this connection is listening; when it drops, the cache is emptied and off until it is back.
 * Embedded PostgreSQL serves one connection, so there the cache stays off.
 */
@Injectable()
export class SessionInvalidationListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SessionCache');
  private client?: Client;
  private stopped = false;
  private failures = 0;
  private timer?: NodeJS.Timeout;
  private heartbeat?: NodeJS.Timeout;
  private readonly instance = randomUUID();
  private heardAt = 0;
  /** For tests: called after each eviction a notification caused. */
  onEvicted?: (payload: string) => void;

  constructor(
    private readonly cache: SessionCache,
    private readonly target: DatabaseTarget,
    private readonly em: EntityManager,
    @Inject(authConfig.KEY) private readonly config: AuthConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.sessionCacheTtlMs === 0) return this.logger.log('session cache off (SESSION_CACHE_TTL_MS=0)');
    if (this.target.embedded)
      return this.logger.log('session cache off: embedded PostgreSQL has no second connection to listen on');
    await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.heartbeat);
    this.cache.disable();
    await this.client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client({
      connectionString: this.target.clientUrl,
      connectionTimeoutMillis: 5_000,
      keepAlive: true,
    });
    client.on('notification', (message) => this.evict(message));
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${INVALIDATION_CHANNEL}`);
    } catch (error) {
      this.lost(client, error);
      return;
    }
    if (this.stopped) return void client.end();
    this.client = client;
    this.cache.enable(HEARTBEAT_DEADLINE_MS);
    this.heardAt = Date.now();
    this.heartbeat = setInterval(() => {
      // Silence past the deadline: the connection is as good as gone, whatever the socket says.
      if (Date.now() - this.heardAt > HEARTBEAT_DEADLINE_MS)
        return this.lost(client, new Error('heartbeat not heard back'));
      // A failed heartbeat needs no handling of its own: it is simply not heard back.
      this.em
        .getConnection()
        .execute(HEARTBEAT_SQL, [`p:${this.instance}`])
        .catch(() => undefined);
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
    this.logger.log('session cache on: listening for revocations');
  }

  private evict({ payload = '' }: Notification): void {
    const [kind, id] = [payload.slice(0, 2), payload.slice(2)];
    if (kind === 'p:') {
      if (id === this.instance) {
        this.heardAt = Date.now();
        // Only a heartbeat heard back proves the channel (and resets the reconnect backoff).
        this.failures = 0;
        this.cache.heard();
      }
      return;
    }
    if (kind === 's:') this.cache.evictSession(id);
    else if (kind === 'u:') this.cache.evictUser(id);
    else this.cache.clear();
    this.onEvicted?.(payload);
  }

  /** Announcements may have been missed: nothing cached can be trusted until we listen again. */
  private lost(client: Client, error?: unknown): void {
    if (this.client && this.client !== client) return;
    this.cache.disable();
    this.client = undefined;
    clearInterval(this.heartbeat);
    client.removeAllListeners();
    client.on('error', () => undefined);
    void client.end().catch(() => undefined);
    if (this.stopped || this.timer) return;
    const delay = RECONNECT_MS[Math.min(this.failures++, RECONNECT_MS.length - 1)];
    this.logger.warn(
      `session cache off: invalidation channel lost (${error instanceof Error ? error.message : 'closed'}); retrying in ${delay} ms`,
    );
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.connect();
    }, delay);
  }
}
