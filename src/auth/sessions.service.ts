import { EntityManager, type FilterQuery } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { AuthEventType } from '../audit/auth-event.entity';
import type { ClientInfo } from '../common/decorators';
import { NotFoundError } from '../common/errors';
import { isUuid } from '../common/validation';
import { authConfig, type AuthConfig } from '../config';
import type { User } from '../users/user.entity';
import type { SessionModel } from './models/session.model';
import { SessionCache, type SessionRow } from './session-cache';
import { Session } from './session.entity';

/** Times come back as epoch milliseconds: the ORM's driver set-up leaves timestamps as text. */
interface LiveSessionRecord {
  session_id: string;
  expires_at: number;
  last_seen_at: number;
  id: string;
  name: string;
  email: string;
  email_verified_at: number | null;
  created_at: number;
}

const ms = (column: string) => `extract(epoch from ${column}) * 1000 as ${column.split('.')[1]}`;

// The guard's lookup: one indexed query (sessions by primary key, users by primary key), not an
// entity graph, so the ORM's unit of work is never involved on the hot path.
const LIVE_SESSION_SQL = `select s.id as session_id, ${ms('s.expires_at')}, ${ms('s.last_seen_at')}, u.id, u.name, u.email,
    ${ms('u.email_verified_at')}, ${ms('u.created_at')}
  from sessions s join users u on u.id = s.user_id
  where s.id = ? and s.user_id = ? and s.revoked_at is null and s.expires_at > ? and s.last_seen_at > ?`;

// Writing lastSeenAt on every request would turn every read into a write; a minute is precise enough.
const TOUCH_INTERVAL_MS = 60_000;

@Injectable()
export class SessionsService {
  constructor(
    private readonly em: EntityManager,
    @Inject(authConfig.KEY) private readonly config: AuthConfig,
    private readonly audit: AuditService,
    private readonly cache: SessionCache,
  ) {}

  /** Adds a session to `em`'s unit of work; it is inserted on that manager's next flush. */
  create(em: EntityManager, user: User, client: ClientInfo): Session {
    return em.create(Session, {
      user,
      expiresAt: new Date(Date.now() + this.config.sessionMaxTtlSeconds * 1000),
      userAgent: client.userAgent,
      ip: client.ip,
    });
  }

  /** Not revoked, not past its absolute limit, and used within the idle limit. */
  private live(now = new Date()) {
    return {
      revokedAt: null,
      expiresAt: { $gt: now },
      lastSeenAt: { $gt: this.idleCutoff(now) },
    };
  }

  isLive(session: Session, now = new Date()): boolean {
    return !session.revokedAt && this.expiryOf(session).getTime() > now.getTime();
  }

  /** When the session ends if it is not used again. */
  expiryOf(session: Session): Date {
    const idleEnd = session.lastSeenAt.getTime() + this.config.sessionIdleTtlSeconds * 1000;
    return new Date(Math.min(session.expiresAt.getTime(), idleEnd));
  }

  /**
   * The session and its user if the session belongs to that user and is live. From the cache when
   * it holds the session as live still; otherwise (and whenever in doubt) from the database.
   */
  async findLive(id: string, userId: string, now = new Date()): Promise<SessionRow | null> {
    const cached = this.cache.get(id, now.getTime());
    if (cached && cached.user.id === userId && this.rowIsLive(cached, now)) return cached;
    const epoch = this.cache.begin();
    const [record] = await this.em.getConnection().execute<LiveSessionRecord[]>(LIVE_SESSION_SQL, [id, userId, now, this.idleCutoff(now)]);
    if (!record) return null;
    const row: SessionRow = {
      sessionId: record.session_id,
      expiresAt: new Date(Number(record.expires_at)),
      lastSeenAt: new Date(Number(record.last_seen_at)),
      user: {
        id: record.id,
        name: record.name,
        email: record.email,
        emailVerifiedAt: record.email_verified_at === null ? null : new Date(Number(record.email_verified_at)),
        createdAt: new Date(Number(record.created_at)),
      },
    };
    this.cache.set(row, epoch);
    return row;
  }

  private rowIsLive(row: SessionRow, now: Date): boolean {
    return row.expiresAt.getTime() > now.getTime() && row.lastSeenAt.getTime() > this.idleCutoff(now).getTime();
  }

  /** A session last seen at or before this has been idle too long. */
  private idleCutoff(now: Date): Date {
    return new Date(now.getTime() - this.config.sessionIdleTtlSeconds * 1000);
  }

  /** The user's live sessions, newest first, with the one making the request marked `current`. */
  async describe(userId: string, currentId: string): Promise<SessionModel[]> {
    const sessions = await this.em.find(Session, { user: userId, ...this.live() }, { orderBy: { createdAt: 'desc', id: 'desc' } });
    return sessions.map((session) => ({
      id: session.id,
      createdAt: session.createdAt,
      lastSeenAt: session.lastSeenAt,
      expiresAt: this.expiryOf(session),
      userAgent: session.userAgent ?? null,
      ip: session.ip ?? null,
      current: session.id === currentId,
    }));
  }

  /** Ends one of the user's own live sessions. Another person's session id reads exactly like an unknown one. */
  async revokeOwn(userId: string, id: string, client?: ClientInfo): Promise<boolean> {
    const revoked = isUuid(id) && (await this.em.nativeUpdate(Session, { id, user: userId, ...this.live() }, { revokedAt: new Date() }));
    if (!revoked) throw new NotFoundError('Session');
    this.cache.evictSession(id);
    await this.audit.record({ type: AuthEventType.SESSION_REVOKED, userId, sessionId: id, client });
    return true;
  }

  async touch(row: SessionRow): Promise<void> {
    const now = new Date();
    if (now.getTime() - row.lastSeenAt.getTime() < TOUCH_INTERVAL_MS) return;
    await this.em.getConnection().execute('update sessions set last_seen_at = ? where id = ?', [now, row.sessionId], 'run');
    row.lastSeenAt = now;
  }

  /**
   * Ends sessions at once: this instance forgets them here, every other one when the database
   * announces the change (see SessionInvalidationListener).
   * `only` names one session, `except` spares one; a session of another user is never touched.
   */
  async revoke(userId: string, which: { only?: string; except?: string } = {}, em = this.em): Promise<number> {
    const where: FilterQuery<Session> = { user: userId, revokedAt: null };
    if (which.only !== undefined) where.id = which.only;
    if (which.except !== undefined) where.id = { $ne: which.except };
    const revoked = await em.nativeUpdate(Session, where, { revokedAt: new Date() });
    // Every instance hears of it from the database; this one must not answer from memory even for
    // that long. (Inside a caller's transaction, the caller forgets again once it commits.)
    this.forgetUser(userId);
    return revoked;
  }

  /** Drops the user's sessions from this instance's cache: after a change that ended or altered them has committed. */
  forgetUser(userId: string): void {
    this.cache.evictUser(userId);
  }
}
