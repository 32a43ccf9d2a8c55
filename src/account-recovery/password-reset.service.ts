import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AuditService, AuthEventType } from '../audit';
import type { ClientInfo } from '../common/decorators';
import { InvalidTokenError } from '../common/errors';
import { normalizeEmail } from '../common/validation';
import { PasswordsService } from '../passwords';
import { SessionsService } from '../sessions';
import { endChallenges } from '../two-factor';
import { UsersService } from '../users';
import type { ResetPasswordInput } from './dto/reset-password.input';
import { EmailLinksService } from './email-links.service';
import { EmailTokenPurpose } from './email-token.entity';

const { RESET_PASSWORD } = EmailTokenPurpose;

/** "Forgot your password": a link by email that sets a new password and ends every session. */
@Injectable()
export class PasswordResetService {
  constructor(
    private readonly em: EntityManager,
    private readonly links: EmailLinksService,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly passwords: PasswordsService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Always true, and the same work either way, so the time taken tells nothing: one transaction
   * with one statement that issues a token only if the address has an account, and one audit row
   * (a write, and so a commit to disk, on both paths). The mail goes out in the background.
   */
  async request(email: string, client?: ClientInfo): Promise<boolean> {
    const address = normalizeEmail(email);
    const issued = await this.em.transactional(async (em) => {
      const issued = await this.links.issue(RESET_PASSWORD, { email: address }, 0, em);
      await this.audit.recordIn(em, {
        type: AuthEventType.PASSWORD_RESET_REQUESTED,
        userId: issued?.userId,
        email: address,
        client,
      });
      return issued;
    });
    if (issued) this.links.send(RESET_PASSWORD, issued.email, issued.token);
    return true;
  }

  /**
   * Checks the new password before spending the token (a rejected password leaves the link usable),
   * then, in one transaction: spends it, sets the password, ends every session of the account.
   */
  async reset(input: ResetPasswordInput, client?: ClientInfo): Promise<boolean> {
    const holder = await this.links.peek(RESET_PASSWORD, input.token);
    const user = holder && (await this.users.findById(holder.userId));
    if (!user) throw new InvalidTokenError();
    this.passwords.assertAcceptable(input.newPassword, user, 'newPassword');
    const passwordHash = await this.passwords.hash(input.newPassword);
    const ended = await this.em.transactional(async (em) => {
      // The DELETE decides: of parallel redemptions of one token, only one gets here with a row.
      const spent = await this.links.spend(em, RESET_PASSWORD, input.token);
      if (!spent || spent.userId !== user.id) throw new InvalidTokenError();
      await this.passwords.store(em, user.id, passwordHash);
      // A login that got past the old password and waits for its code ends here too.
      await endChallenges(em, user.id);
      // The link could only be followed from the address's inbox: that verifies it too.
      await this.users.markEmailVerified(em, user.id, spent.email);
      return this.sessions.end(user.id, {}, em);
    });
    this.sessions.changed(user.id);
    // Guesses at the old password no longer matter: the owner may sign in at once.
    await this.passwords.forgetFailures(user.email);
    await this.audit.record({
      type: AuthEventType.PASSWORD_RESET,
      userId: user.id,
      email: user.email,
      detail: `SESSIONS_ENDED_${ended}`,
      client,
    });
    return true;
  }

  /** A reset link sent before a password change must not undo it: the change voids it, in its transaction. */
  voidLinks(em: EntityManager, userId: string): Promise<void> {
    return this.links.discard(em, userId, RESET_PASSWORD);
  }
}
