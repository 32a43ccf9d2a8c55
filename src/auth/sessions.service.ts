import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import type { ClientInfo } from '../common/decorators';
import { authConfig, type AuthConfig } from '../config';
import type { User } from '../users/user.entity';
import { Session } from './session.entity';

// Writing lastSeenAt on every request would turn every read into a write; a minute is precise enough.
const TOUCH_INTERVAL_MS = 60_000;

@Injectable()
export class SessionsService {
  constructor(
    private readonly em: EntityManager,
    @Inject(authConfig.KEY) private readonly config: AuthConfig,
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

  /** The session, with its user, if it belongs to that user and is neither revoked nor expired. */
  findLive(id: string, userId: string): Promise<Session | null> {
    return this.em.findOne(
      Session,
      { id, user: userId, revokedAt: null, expiresAt: { $gt: new Date() } },
      { populate: ['user'] },
    );
  }

  async touch(session: Session): Promise<void> {
    const now = new Date();
    if (now.getTime() - session.lastSeenAt.getTime() < TOUCH_INTERVAL_MS) return;
    await this.em.nativeUpdate(Session, { id: session.id }, { lastSeenAt: now });
  }

  /** Ends a session at once: every instance reads revocation from the database on each request. */
  async revoke(id: string): Promise<boolean> {
    return (await this.em.nativeUpdate(Session, { id, revokedAt: null }, { revokedAt: new Date() })) > 0;
  }
}
