import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AuditService, AuthEventType } from '../audit';
import type { ClientInfo } from '../common/decorators';
import { Mailer } from '../mail';
import type { User } from '../users';
import { passkeyMail } from './passkey.mail';

/** Why a passkey answer was refused, as the trail records it. */
export type PasskeyRejection =
  'CHALLENGE' | 'UNKNOWN_CREDENTIAL' | 'OTHER_ACCOUNT' | 'SIGNATURE' | 'COUNTER' | 'BACKOFF' | 'REGISTRATION';

/** What the person and the trail hear of passkeys: one place, so no path forgets either. */
@Injectable()
export class PasskeyEvents {
  constructor(
    private readonly audit: AuditService,
    private readonly mailer: Mailer,
  ) {}

  async added(user: User, sessionId: string, client: ClientInfo): Promise<void> {
    await this.audit.record({ type: AuthEventType.PASSKEY_ADDED, userId: user.id, sessionId, client });
    this.mailer.send(passkeyMail.added(user.email));
  }

  async removed(user: User, sessionId: string, client: ClientInfo): Promise<void> {
    await this.audit.record({ type: AuthEventType.PASSKEY_REMOVED, userId: user.id, sessionId, client });
    this.mailer.send(passkeyMail.removed(user.email));
  }

  /** A refused answer, in the caller's transaction: it commits with the failure's other effects. */
  rejectedIn(em: EntityManager, userId: string | null, why: PasskeyRejection, client: ClientInfo): Promise<void> {
    return this.audit.recordIn(em, { type: AuthEventType.PASSKEY_REJECTED, userId, detail: why, client });
  }

  rejected(userId: string, why: PasskeyRejection, client: ClientInfo, sessionId?: string): Promise<void> {
    return this.audit.record({ type: AuthEventType.PASSKEY_REJECTED, userId, sessionId, detail: why, client });
  }

  signedInIn(em: EntityManager, userId: string, sessionId: string, client: ClientInfo): Promise<void> {
    return this.audit.recordIn(em, { type: AuthEventType.PASSKEY_LOGIN, userId, sessionId, client });
  }
}
