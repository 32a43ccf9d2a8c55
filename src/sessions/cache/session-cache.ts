import { Inject, Injectable } from '@nestjs/common';
import { authConfig, type AuthConfig } from '../../config';

/** What the guard needs of a live session and its user: one row of the session lookup. */
export interface SessionRow {
  sessionId: string;
  expiresAt: Date;
  lastSeenAt: Date;
  user: { id: string; name: string; email: string; emailVerifiedAt: Date | null; createdAt: Date };
}

interface Entry {
  row: SessionRow;
  cachedAt: number;
}

/**
 * Recently seen live sessions, so the guard need not ask the database on every request. Correct
 * only while every change to a session or user reaches `evict*`: the database announces each one
 * (triggers → NOTIFY, see SessionInvalidationListener), and the cache is on only while that
 * channel is up. An entry also expires after SESSION_CACHE_TTL_MS, as a safety net.
 */
@Injectable()
export class SessionCache {
  private readonly entries = new Map<string, Entry>();
  private readonly byUser = new Map<string, Set<string>>();
  private enabled = false;
  /** When the invalidation channel last proved it delivers, and how long that proof lasts. */
  private heardAt = 0;
  private trustMs = 0;
  /** Moves on every eviction: a lookup that began before one must not be cached (it may be stale). */
  private epoch = 0;

  constructor(@Inject(authConfig.KEY) private readonly config: AuthConfig) {}

  get active(): boolean {
    return this.enabled && this.config.sessionCacheTtlMs > 0 && Date.now() - this.heardAt <= this.trustMs;
  }

  /**
   * Called when the invalidation channel is listening (again): nothing cached before can be
   * trusted. The cache serves from the first `heard()` on, and only while `heard()` keeps coming at
   * least every `trustMs`.
   */
  enable(trustMs: number): void {
    this.clear();
    this.trustMs = trustMs;
    this.heardAt = -Infinity;
    this.enabled = true;
  }

  /** The channel just delivered this instance's own heartbeat. */
  heard(): void {
    this.heardAt = Date.now();
  }

  disable(): void {
    this.enabled = false;
    this.clear();
  }

  /** The epoch to hand back to `set`, taken before the database is asked. */
  begin(): number {
    return this.epoch;
  }

  get(sessionId: string, now = Date.now()): SessionRow | undefined {
    if (!this.active) return undefined;
    const entry = this.entries.get(sessionId);
    if (!entry) return undefined;
    if (now - entry.cachedAt > this.config.sessionCacheTtlMs) {
      this.drop(sessionId);
      return undefined;
    }
    return entry.row;
  }

  set(row: SessionRow, epoch: number): void {
    if (!this.active || epoch !== this.epoch) return;
    // A refreshed entry moves to the back; only a new one may push the oldest out.
    this.entries.delete(row.sessionId);
    if (this.entries.size >= this.config.sessionCacheMax) this.evictOldest();
    this.entries.set(row.sessionId, { row, cachedAt: Date.now() });
    let sessions = this.byUser.get(row.user.id);
    if (!sessions) this.byUser.set(row.user.id, (sessions = new Set()));
    sessions.add(row.sessionId);
  }

  /** The session changed: forget it, and refuse to cache lookups already under way. */
  evictSession(sessionId: string): void {
    this.epoch += 1;
    this.drop(sessionId);
  }

  /** Forgets an entry that merely expired or made room: nothing changed, so lookups under way stay cacheable. */
  private drop(sessionId: string): void {
    const entry = this.entries.get(sessionId);
    if (!entry) return;
    this.entries.delete(sessionId);
    const sessions = this.byUser.get(entry.row.user.id);
    sessions?.delete(sessionId);
    if (sessions?.size === 0) this.byUser.delete(entry.row.user.id);
  }

  evictUser(userId: string): void {
    this.epoch += 1;
    for (const sessionId of this.byUser.get(userId) ?? []) this.entries.delete(sessionId);
    this.byUser.delete(userId);
  }

  clear(): void {
    this.epoch += 1;
    this.entries.clear();
    this.byUser.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private evictOldest(): void {
    const oldest = this.entries.keys().next();
    if (!oldest.done) this.drop(oldest.value);
  }
}
