import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { PasswordResetService } from '../account-recovery';
import { AuditService, AuthEventType } from '../audit';
import type { ClientInfo } from '../common/decorators';
import { PasswordsService } from '../passwords';
import { SessionIssuer, SessionsService } from '../sessions';
import type { AuthPayloadModel } from '../tokens';
import { endChallenges, StepUpService } from '../two-factor';
import type { User } from '../users';
import type { ChangePasswordInput } from './dto/change-password.input';

@Injectable()
export class PasswordChangeService {
  constructor(
    private readonly em: EntityManager,
    private readonly passwords: PasswordsService,
    private readonly issuer: SessionIssuer,
    private readonly sessions: SessionsService,
    private readonly resets: PasswordResetService,
    private readonly audit: AuditService,
    private readonly stepUp: StepUpService,
  ) {}

  /**
   * Checks the current password (and, while two-factor is on, that the session authenticated
   * recently), sets the new one, ends every other session and restarts this session's refresh
   * chain, all in one transaction. The second factor stays on.
   */
  async change(
    user: User,
    sessionId: string,
    input: ChangePasswordInput,
    client?: ClientInfo,
  ): Promise<AuthPayloadModel> {
    await this.stepUp.assertRecentIfTwoFactor(user.id, sessionId);
    await this.passwords.assertCurrent(user, input.currentPassword, 'CHANGE_PASSWORD', client);
    this.passwords.assertAcceptable(input.newPassword, user, 'newPassword');
    const passwordHash = await this.passwords.hash(input.newPassword);
    const payload = await this.em.transactional(async (em) => {
      await this.passwords.store(em, user.id, passwordHash);
      await this.resets.voidLinks(em, user.id);
      await endChallenges(em, user.id);
      return this.issuer.keepOnly(em, user.id, sessionId);
    });
    this.sessions.changed(user.id);
    await this.audit.record({ type: AuthEventType.PASSWORD_CHANGED, userId: user.id, sessionId, client });
    return payload;
  }
}
