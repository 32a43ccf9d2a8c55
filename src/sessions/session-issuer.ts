import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AuditService, AuthEventType } from '../audit';
import type { ClientInfo } from '../common/decorators';
import { UnauthenticatedError } from '../common/errors';
import { type AuthPayloadModel, TokensService } from '../tokens';
import type { User } from '../users';
import { amrOf, AuthMethod } from './auth-method';
import { RefreshTokensService } from './refresh/refresh-tokens.service';
import { Session } from './session.entity';
import { SessionsService } from './sessions.service';

/** A payload and the session it belongs to (the id is for the audit trail, not the client). */
export type SessionPayload = AuthPayloadModel & { sessionId: string };

/**
 * The one place a session starts and its tokens are issued. Every sign-in method (password, and
 * later a second factor, a passkey, an identity provider) proves who the person is, then calls `start`.
 */
@Injectable()
export class SessionIssuer {
  constructor(
    private readonly sessions: SessionsService,
    private readonly refreshTokens: RefreshTokensService,
    private readonly tokens: TokensService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Adds a new session and its first refresh token to `em`'s unit of work, and returns the tokens.
   * `methods` are the proofs the sign-in took (a password, then perhaps a second factor).
   */
  start(
    em: EntityManager,
    user: User,
    client: ClientInfo,
    methods: AuthMethod[] = [AuthMethod.PASSWORD],
  ): SessionPayload {
    const session = this.sessions.create(em, user, client, methods);
    return this.payload(session, this.refreshTokens.issue(em, session));
  }

  /** Spends a refresh token for new tokens; a replayed one ends its session (and says so in the trail). */
  async refresh(token: string, client?: ClientInfo): Promise<SessionPayload> {
    const rotation = await this.refreshTokens.rotate(token);
    if (rotation.outcome === 'reused') {
      this.sessions.changed(rotation.userId);
      await this.audit.record({
        type: AuthEventType.REFRESH_REUSE_DETECTED,
        userId: rotation.userId,
        sessionId: rotation.sessionId,
        client,
      });
      throw new UnauthenticatedError('Refresh token was already used: the session has been ended');
    }
    if (rotation.outcome === 'invalid') throw new UnauthenticatedError('Invalid or expired refresh token');
    return this.payload(rotation.session, rotation.refreshToken);
  }

  /**
   * After a credential change: ends every other session of the user and restarts this one's refresh
   * chain, in `em`'s transaction (the caller calls `SessionsService.changed` once it commits).
   */
  async keepOnly(em: EntityManager, userId: string, sessionId: string): Promise<SessionPayload> {
    await this.sessions.end(userId, { except: sessionId }, em);
    const session = await em.findOneOrFail(Session, { id: sessionId, user: userId }, { populate: ['user'] });
    await this.refreshTokens.forget(em, session);
    session.lastSeenAt = new Date();
    return this.payload(session, this.refreshTokens.issue(em, session));
  }

  private payload(session: Session, refreshToken: string): SessionPayload {
    return {
      sessionId: session.id,
      ...this.tokens.issueAccessToken(session.user.id, session.id, amrOf(session.authMethods)),
      refreshToken,
      refreshTokenExpiresAt: this.sessions.expiryOf(session),
      user: session.user,
    };
  }
}
