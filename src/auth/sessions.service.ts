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
import { Session } from './session.entity';

// Writing lastSeenAt on every request would turn every read into a write; a minute is precise enough.
const TOUCH_INTERVAL_MS = 60_000;

@Injectable()
export class SessionsService {
  constructor(
    private readonly em: EntityManager,
    @Inject(authConfig.KEY) private readonly config: AuthConfig,
    private readonly audit: AuditService,
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
      lastSeenAt: { $gt: new Date(now.getTime() - this.config.sessionIdleTtlSeconds * 1000) },
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

  /** The session, with its user, if it belongs to that user and is live. */
  findLive(id: string, userId: string): Promise<Session | null> {
    return this.em.findOne(Session, { id, user: userId, ...this.live() }, { populate: ['user'] });
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
    await this.audit.record({ type: AuthEventType.SESSION_REVOKED, userId, sessionId: id, client });
    return true;
  }

  async touch(session: Session): Promise<void> {
    const now = new Date();
    if (now.getTime() - session.lastSeenAt.getTime() < TOUCH_INTERVAL_MS) return;
    await this.em.nativeUpdate(Session, { id: session.id }, { lastSeenAt: now });
  }

  /**
   * Ends sessions at once: every instance reads revocation from the database on each request.
   * `only` names one session, `except` spares one; a session of another user is never touched.
   */
  async revoke(userId: string, which: { only?: string; except?: string } = {}, em = this.em): Promise<number> {
    const where: FilterQuery<Session> = { user: userId, revokedAt: null };
    if (which.only !== undefined) where.id = which.only;
    if (which.except !== undefined) where.id = { $ne: which.except };
    return em.nativeUpdate(Session, where, { revokedAt: new Date() });
  }
}
