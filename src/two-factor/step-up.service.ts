import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { AuditService, AuthEventType } from '../audit';
import type { ClientInfo } from '../common/decorators';
import { InvalidInputError, ReauthenticationRequiredError } from '../common/errors';
import { authConfig, type AuthConfig } from '../config';
import { PasswordsService } from '../passwords';
import { AuthMethod, SessionsService } from '../sessions';
import type { User } from '../users';
import { SecondFactorService } from './second-factor.service';
import { TwoFactorEvents } from './two-factor.events';

/**
 * Step-up: sensitive changes need a session that proved who it is within REAUTH_WINDOW (its sign-in,
 * or a later `reauthenticate` with the password, and a code while two-factor is on).
 */
@Injectable()
export class StepUpService {
  constructor(
    private readonly em: EntityManager,
    private readonly sessions: SessionsService,
    private readonly passwords: PasswordsService,
    private readonly secondFactor: SecondFactorService,
    private readonly events: TwoFactorEvents,
    private readonly audit: AuditService,
    @Inject(authConfig.KEY) private readonly config: AuthConfig,
  ) {}

  /** REAUTHENTICATION_REQUIRED unless the session authenticated within REAUTH_WINDOW. */
  async assertRecent(sessionId: string): Promise<void> {
    if (!(await this.sessions.authenticatedWithin(sessionId, this.config.reauthWindowSeconds))) {
      throw new ReauthenticationRequiredError();
    }
  }

  /** The same, only while two-factor is on (changePassword, deleteAccount). */
  async assertRecentIfTwoFactor(userId: string, sessionId: string): Promise<void> {
    if (await this.secondFactor.isEnabled(userId)) await this.assertRecent(sessionId);
  }

  /**
   * Proves it again: the password, and while two-factor is on a code too (a wrong one reads like a
   * wrong password, so this is no oracle for either). Returns when the renewed window ends.
   */
  async reauthenticate(
    user: User,
    sessionId: string,
    password: string,
    code: string | null | undefined,
    client: ClientInfo,
  ): Promise<Date> {
    const twoFactor = await this.secondFactor.isEnabled(user.id);
    if (twoFactor && !code) {
      const messages = ['code is required while two-factor authentication is on'];
      throw new InvalidInputError([{ field: 'code', messages }]);
    }
    const used: { method: AuthMethod | null } = { method: null };
    const checkCode = async () => {
      used.method = await this.em.transactional((em) => this.secondFactor.check(em, user.id, code ?? ''));
      return used.method !== null;
    };
    await this.passwords.assertCurrent(
      user,
      password,
      'REAUTHENTICATE',
      client,
      twoFactor ? checkCode : undefined,
      twoFactor ? 'Password or code is incorrect' : undefined,
    );
    const at = await this.sessions.markAuthenticated(sessionId);
    await this.audit.record({
      type: AuthEventType.REAUTHENTICATED,
      userId: user.id,
      sessionId,
      detail: used.method ?? AuthMethod.PASSWORD,
      client,
    });
    if (used.method === AuthMethod.RECOVERY_CODE) await this.events.recoveryCodeUsed(user, sessionId, client);
    return new Date(at.getTime() + this.config.reauthWindowSeconds * 1000);
  }
}
