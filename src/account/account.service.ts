import { Injectable } from '@nestjs/common';
import { AuditService, AuthEventType } from '../audit';
import type { ClientInfo } from '../common/decorators';
import { PasswordsService } from '../passwords';
import { SessionsService } from '../sessions';
import { StepUpService } from '../two-factor';
import { type User, UsersService } from '../users';

/** The signed-in person's own account: their name, and its deletion. */
@Injectable()
export class AccountService {
  constructor(
    private readonly users: UsersService,
    private readonly passwords: PasswordsService,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
    private readonly stepUp: StepUpService,
  ) {}

  async rename(user: User, name: string): Promise<User> {
    const renamed = await this.users.rename(user, name);
    // Sessions carry the user: this instance forgets them now, the others hear of it from the database.
    this.sessions.changed(user.id);
    return renamed;
  }

  /**
   * With the current password again, and (while two-factor is on) a recent authentication; sessions,
   * refresh tokens and the second factor go with the user (ON DELETE CASCADE), the trail stays.
   */
  async delete(user: User, sessionId: string, password: string, client?: ClientInfo): Promise<boolean> {
    await this.stepUp.assertRecentIfTwoFactor(user.id, sessionId);
    await this.passwords.assertCurrent(user, password, 'DELETE_ACCOUNT', client);
    await this.users.delete(user.id);
    this.sessions.changed(user.id);
    await this.audit.record({ type: AuthEventType.ACCOUNT_DELETED, userId: user.id, sessionId, client });
    return true;
  }
}
