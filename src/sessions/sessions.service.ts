import { EntityManager, type FilterQuery } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { AuditService, AuthEventType } from '../audit';
import type { ClientInfo } from '../common/decorators';
import { NotFoundError } from '../common/errors';
import { isUuid } from '../common/validation';
import { authConfig, type AuthConfig } from '../config';
import type { User } from '../users';
import { AuthMethod } from './auth-method';
import { SessionCache, type SessionRow } from './cache/session-cache';
import { SessionLiveness, type SessionTimes } from './live-session';
import type { SessionModel } from './models/session.model';
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
  where s.id = ? and s.user_id = ? and ${SessionLiveness.SQL}`;

// Writing lastSeenAt on every request would turn every read into a write; a minute is precise enough.
const TOUCH_INTERVAL_MS = 60_000;

/** Which of a user's sessions to end: `only` one, all `except` one, or (neither) all of them. */
export interface SessionSelection {
  only?: string;
  except?: string;
}

/**
 * Sessions: starting one, finding a live one, listing them, and the one owner of "a session ended
 * or changed" (`end`, `changed`), which every path that ends or alters sessions goes through.
 */
@Injectable()
export class SessionsService {
  private readonly liveness: SessionLiveness;

  constructor(
    private readonly em: EntityManager,
    @Inject(authConfig.KEY) private readonly config: AuthConfig,
    private readonly audit: AuditService,
    private readonly cache: SessionCache,
  ) {
    this.liveness = new SessionLiveness(config.sessionIdleTtlSeconds);
  }

  /**
   * Adds a session to `em`'s unit of work; it is inserted on that manager's next flush. It counts as
   * authenticated from its start, by `methods`.
   */
  create(em: EntityManager, user: User, client: ClientInfo, methods: AuthMethod[] = [AuthMethod.PASSWORD]): Session {
    const now = new Date();
    return em.create(Session, {
      user,
      createdAt: now,
      lastSeenAt: now,
      authenticatedAt: now,
      authMethods: methods,
      expiresAt: new Date(now.getTime() + this.config.sessionMaxTtlSeconds * 1000),
      userAgent: client.userAgent,
      ip: client.ip,
    });
  }

  /** Whether the session proved who it is (signed in, or reauthenticated) within the last `seconds`. */
  async authenticatedWithin(sessionId: string, seconds: number, now = new Date()): Promise<boolean> {
    const session = await this.em.findOne(
      Session,
      { id: sessionId },
      { fields: ['authenticatedAt'], disableIdentityMap: true },
    );
    return !!session && now.getTime() - session.authenticatedAt.getTime() < seconds * 1000;
  }

  /** The session has just proved who it is again (reauthenticate); returns when. */
  async markAuthenticated(sessionId: string, at = new Date()): Promise<Date> {
    await this.em.nativeUpdate(Session, { id: sessionId }, { authenticatedAt: at });
    return at;
  }

  isLive(session: SessionTimes, now = new Date()): boolean {
    return this.liveness.isLive(session, now);
  }

  /** When the session ends if it is not used again. */
  expiryOf(session: SessionTimes): Date {
    return this.liveness.expiryOf(session);
  }

  /**
   * The session and its user if the session belongs to that user and is live. From the cache when
   * it holds the session as live still; otherwise (and whenever in doubt) from the database.
   */
  async findLive(id: string, userId: string, now = new Date()): Promise<SessionRow | null> {
    const cached = this.cache.get(id, now.getTime());
    if (cached && cached.user.id === userId && this.liveness.isLive(cached, now)) return cached;
    const epoch = this.cache.begin();
    const params = [id, userId, ...this.liveness.sqlParams(now)];
    const [record] = await this.em.getConnection().execute<LiveSessionRecord[]>(LIVE_SESSION_SQL, params);
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

  async touch(row: SessionRow): Promise<void> {
    const now = new Date();
    if (now.getTime() - row.lastSeenAt.getTime() < TOUCH_INTERVAL_MS) return;
    await this.em
      .getConnection()
      .execute('update sessions set last_seen_at = ? where id = ?', [now, row.sessionId], 'run');
    row.lastSeenAt = now;
  }

  /** The user's live sessions, newest first, with the one making the request marked `current`. */
  async describe(userId: string, currentId: string): Promise<SessionModel[]> {
    const where = { user: userId, ...this.liveness.where() };
    const sessions = await this.em.find(Session, where, { orderBy: { createdAt: 'desc', id: 'desc' } });
    return sessions.map((session) => ({
      id: session.id,
      createdAt: session.createdAt,
      lastSeenAt: session.lastSeenAt,
      expiresAt: this.liveness.expiryOf(session),
      userAgent: session.userAgent ?? null,
      ip: session.ip ?? null,
      current: session.id === currentId,
      authMethods: session.authMethods,
    }));
  }

  /** Ends one of the user's own live sessions. Another person's session id reads exactly like an unknown one. */
  async revokeOwn(userId: string, id: string, client?: ClientInfo): Promise<boolean> {
    const now = new Date();
    const revoked =
      isUuid(id) &&
      (await this.em.nativeUpdate(Session, { id, user: userId, ...this.liveness.where(now) }, { revokedAt: now }));
    if (!revoked) throw new NotFoundError('Session');
    this.changed(userId, id);
    await this.audit.record({ type: AuthEventType.SESSION_REVOKED, userId, sessionId: id, client });
    return true;
  }

  /**
   * Ends sessions at once: this instance forgets them here, every other one when the database
   * announces the change (see SessionInvalidationListener). A session of another user is never
   * touched. Inside a caller's transaction (`em`), the caller calls `changed` again once it commits.
   */
  async end(userId: string, which: SessionSelection = {}, em = this.em, at = new Date()): Promise<number> {
    const where: FilterQuery<Session> = { user: userId, revokedAt: null };
    if (which.only !== undefined) where.id = which.only;
    if (which.except !== undefined) where.id = { $ne: which.except };
    const ended = await em.nativeUpdate(Session, where, { revokedAt: at });
    this.changed(userId);
    return ended;
  }

  /**
   * A change to the user (or to one of their sessions) has been written: this instance stops
   * answering from memory at once; the others hear of it from the database (triggers, NOTIFY).
   */
  changed(userId: string, sessionId?: string): void {
    if (sessionId === undefined) this.cache.evictUser(userId);
    else this.cache.evictSession(sessionId);
  }
}
