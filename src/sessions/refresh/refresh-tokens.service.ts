import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { sha256Hex } from '../../common/crypto/sha256';
import { authConfig, type AuthConfig } from '../../config';
import { RefreshToken } from './refresh-token.entity';
import { Session } from '../session.entity';
import { SessionsService } from '../sessions.service';

export type Rotation =
  | { outcome: 'rotated'; session: Session; refreshToken: string }
  | { outcome: 'reused'; sessionId: string; userId: string }
  | { outcome: 'invalid' };

/**
 * Opaque refresh tokens (256 bits), stored as SHA-256 and rotated on every use. A token's successor
 * is an HMAC of the token itself, so parallel refreshes with one token (two tabs) all get the same
 * successor without the server ever storing a usable token.
 */
@Injectable()
export class RefreshTokensService {
  private readonly successorKey: Buffer;

  constructor(
    private readonly em: EntityManager,
    private readonly sessions: SessionsService,
    @Inject(authConfig.KEY) private readonly config: AuthConfig,
  ) {
    this.successorKey = Buffer.from(hkdfSync('sha256', config.jwtSecret, '', 'doorman/refresh-successor/v1', 32));
  }

  /** Starts a new chain for the session in `em`'s unit of work, and returns its first token. */
  issue(em: EntityManager, session: Session): string {
    const token = randomBytes(32).toString('base64url');
    em.create(RefreshToken, { session, tokenHash: sha256Hex(token), generation: 0 });
    return token;
  }

  /** Forgets every refresh token of a session (its chain restarts with `issue`). */
  forget(em: EntityManager, session: Session): Promise<number> {
    return em.nativeDelete(RefreshToken, { session });
  }

  /**
   * Spends `token` and returns its successor. A token spent within the grace window returns the
   * same successor again; one spent before it is a replay, and revokes the whole session.
   */
  rotate(token: string): Promise<Rotation> {
    const tokenHash = sha256Hex(token);
    return this.em.transactional(async (em): Promise<Rotation> => {
      const [found] = await em.execute<{ session_id: string }[]>(
        'select session_id from refresh_tokens where token_hash = ?',
        [tokenHash],
      );
      if (!found) return { outcome: 'invalid' };
      // Locks in the order ON DELETE CASCADE takes them (session, then its tokens), so a refresh
      // cannot deadlock with deleteAccount; the token's lock serialises refreshes of one token.
      const session = await em.findOne(Session, found.session_id, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const spent = await em.findOne(RefreshToken, { tokenHash }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!session || !spent || !this.sessions.isLive(session)) return { outcome: 'invalid' };
      await em.populate(session, ['user']);

      // The database's clock, not this instance's: every instance measures the window alike.
      // As epoch milliseconds: a timestamp's text form depends on the server's DateStyle.
      const [{ ms }] = await em.execute<{ ms: number | string }[]>(
        'select extract(epoch from clock_timestamp()) * 1000 as ms',
      );
      const now = new Date(Math.round(Number(ms)));
      const refreshToken = this.successorOf(token, session.id, spent.generation + 1);
      if (!spent.spentAt) {
        spent.spentAt = now;
        em.create(RefreshToken, { session, tokenHash: sha256Hex(refreshToken), generation: spent.generation + 1 });
      } else if (now.getTime() - spent.spentAt.getTime() > this.config.refreshReuseGraceSeconds * 1000) {
        await this.sessions.end(session.user.id, { only: session.id }, em, now);
        return { outcome: 'reused', sessionId: session.id, userId: session.user.id };
      }
      session.lastSeenAt = now;
      return { outcome: 'rotated', session, refreshToken };
    });
  }

  private successorOf(token: string, sessionId: string, generation: number): string {
    return createHmac('sha256', this.successorKey).update(`${sessionId}.${generation}.${token}`).digest('base64url');
  }
}
