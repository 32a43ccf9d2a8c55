import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AuditService, AuthEventType } from '../audit';
import type { ClientInfo } from '../common/decorators';
import { Mailer } from '../mail';
import type { User } from '../users';
import { SecondFactorService } from './second-factor.service';
import { twoFactorMail } from './two-factor.mail';

type Change = 'enabled' | 'disabled' | 'regenerated';

const CHANGE_EVENT: Record<Change, AuthEventType> = {
  enabled: AuthEventType.TWO_FACTOR_ENABLED,
  disabled: AuthEventType.TWO_FACTOR_DISABLED,
  regenerated: AuthEventType.RECOVERY_CODES_REGENERATED,
};

/**
 * What the person and the trail hear of two-factor changes: each change recorded and mailed to the
 * account's address, after the change has committed. One place, so no path forgets either.
 */
@Injectable()
export class TwoFactorEvents {
  constructor(
    private readonly em: EntityManager,
    private readonly secondFactor: SecondFactorService,
    private readonly audit: AuditService,
    private readonly mailer: Mailer,
  ) {}

  async changed(change: Change, user: User, sessionId: string, client: ClientInfo): Promise<void> {
    await this.audit.record({ type: CHANGE_EVENT[change], userId: user.id, sessionId, client });
    this.mailer.send(twoFactorMail[change](user.email));
  }

  /** A recovery code was spent (at sign-in or to confirm a change). */
  async recoveryCodeUsed(user: User, sessionId: string | undefined, client: ClientInfo): Promise<void> {
    await this.audit.record({ type: AuthEventType.RECOVERY_CODE_USED, userId: user.id, sessionId, client });
    const left = await this.secondFactor.recoveryCodesLeft(this.em.fork(), user.id);
    this.mailer.send(twoFactorMail.recoveryCodeUsed(user.email, left));
  }

  /** A wrong code (or one refused by the backoff), in the caller's transaction: it commits with the failure. */
  failedIn(em: EntityManager, userId: string, detail: string, client: ClientInfo, sessionId?: string): Promise<void> {
    return this.audit.recordIn(em, { type: AuthEventType.TWO_FACTOR_FAILED, userId, sessionId, detail, client });
  }

  failed(userId: string, detail: string, client: ClientInfo, sessionId?: string): Promise<void> {
    return this.audit.record({ type: AuthEventType.TWO_FACTOR_FAILED, userId, sessionId, detail, client });
  }
}
