import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service';
import { AuthEventType } from '../../audit/auth-event.entity';
import type { ClientInfo } from '../../common/decorators';
import { InvalidTokenError } from '../../common/errors';
import { normalizeEmail } from '../../common/validation';
import { authConfig, type AuthConfig, mailConfig, type MailConfig } from '../../config';
import { passwordResetMail } from '../../mail/mail.templates';
import { Mailer } from '../../mail/mailer.service';
import { UsersService } from '../../users/users.service';
import type { ResetPasswordInput } from '../dto/reset-password.input';
import { LoginBackoffService } from '../login-backoff.service';
import { PasswordHasher } from '../password.hasher';
import { PasswordPolicy } from '../password.policy';
import { SessionsService } from '../sessions.service';
import { EmailTokenPurpose } from './email-token.entity';
import { EmailTokensService } from './email-tokens.service';

const { RESET_PASSWORD } = EmailTokenPurpose;

/** "Forgot your password": a link by email that sets a new password and ends every session. */
@Injectable()
export class PasswordResetService {
  constructor(
    private readonly em: EntityManager,
    private readonly tokens: EmailTokensService,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly passwords: PasswordHasher,
    private readonly policy: PasswordPolicy,
    private readonly backoff: LoginBackoffService,
    private readonly mailer: Mailer,
    private readonly audit: AuditService,
    @Inject(authConfig.KEY) private readonly config: AuthConfig,
    @Inject(mailConfig.KEY) private readonly mail: MailConfig,
  ) {}

  /**
   * Always true, and the same work either way, so the time taken tells nothing: one transaction
   * with one statement that issues a token only if the address has an account, and one audit row
   * (a write, and so a commit to disk, on both paths). The mail goes out in the background.
   */
  async request(email: string, client?: ClientInfo): Promise<boolean> {
    const address = normalizeEmail(email);
    const ttl = this.config.resetTokenTtlSeconds;
    const issued = await this.em.transactional(async (em) => {
      const issued = await this.tokens.issue(RESET_PASSWORD, ttl, { email: address }, 0, em);
      await this.audit.recordIn(em, { type: AuthEventType.PASSWORD_RESET_REQUESTED, userId: issued?.userId, email: address, client });
      return issued;
    });
    if (issued) this.mailer.send(passwordResetMail(issued.email, this.mail.appUrl, issued.token, ttl));
    return true;
  }

  /**
   * Checks the new password before spending the token (a rejected password leaves the link usable),
   * then, in one transaction: spends it, sets the password, ends every session of the account.
   */
  async reset(input: ResetPasswordInput, client?: ClientInfo): Promise<boolean> {
    const holder = await this.tokens.peek(RESET_PASSWORD, input.token);
    const user = holder && (await this.users.findById(holder.userId));
    if (!user) throw new InvalidTokenError();
    this.policy.assertAcceptable(input.newPassword, user, 'newPassword');
    const passwordHash = await this.passwords.hash(input.newPassword);
    const ended = await this.em.transactional(async (em) => {
      // The DELETE decides: of parallel redemptions of one token, only one gets here with a row.
      const spent = await this.tokens.spend(em, RESET_PASSWORD, input.token);
      if (!spent || spent.userId !== user.id) throw new InvalidTokenError();
      await this.users.setPasswordHash(em, user.id, passwordHash);
      // The link could only be followed from the address's inbox: that verifies it too.
      await this.users.markEmailVerified(em, user.id, spent.email);
      return this.sessions.revoke(user.id, {}, em);
    });
    this.sessions.forgetUser(user.id);
    // Guesses at the old password no longer matter: the owner may sign in at once.
    await this.backoff.recordSuccess(user.email);
    await this.audit.record({ type: AuthEventType.PASSWORD_RESET, userId: user.id, email: user.email, detail: `SESSIONS_ENDED_${ended}`, client });
    return true;
  }
}
