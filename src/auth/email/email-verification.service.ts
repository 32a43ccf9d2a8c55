import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service';
import { AuthEventType } from '../../audit/auth-event.entity';
import type { ClientInfo } from '../../common/decorators';
import { InvalidTokenError } from '../../common/errors';
import { authConfig, type AuthConfig, mailConfig, type MailConfig } from '../../config';
import { emailVerificationMail } from '../../mail/mail.templates';
import { Mailer } from '../../mail/mailer.service';
import type { User } from '../../users/user.entity';
import { UsersService } from '../../users/users.service';
import { SessionCache } from '../session-cache';
import { EmailTokenPurpose } from './email-token.entity';
import { EmailTokensService } from './email-tokens.service';

const { VERIFY_EMAIL } = EmailTokenPurpose;

/** Proof that a person reads the inbox of their account's address. */
@Injectable()
export class EmailVerificationService {
  constructor(
    private readonly em: EntityManager,
    private readonly tokens: EmailTokensService,
    private readonly users: UsersService,
    private readonly mailer: Mailer,
    private readonly audit: AuditService,
    private readonly sessionCache: SessionCache,
    @Inject(authConfig.KEY) private readonly config: AuthConfig,
    @Inject(mailConfig.KEY) private readonly mail: MailConfig,
  ) {}

  /** REQUIRE_EMAIL_VERIFICATION: an unverified account gets no session. */
  get required(): boolean {
    return this.config.requireEmailVerification;
  }

  /** A token for a user being created in `em`; mail it with `send` once that transaction commits. */
  create(em: EntityManager, user: User): string {
    return this.tokens.create(em, user, VERIFY_EMAIL, this.config.verifyTokenTtlSeconds);
  }

  send(email: string, token: string): void {
    this.mailer.send(emailVerificationMail(email, this.mail.appUrl, token, this.config.verifyTokenTtlSeconds));
  }

  /**
   * A new link for an unverified account (the older one stops working); nothing for a verified one.
   * `minIntervalSeconds` keeps a link younger than that instead (for resends nobody asked for).
   */
  async request(user: User, client?: ClientInfo, minIntervalSeconds = 0): Promise<boolean> {
    const issued = await this.tokens.issue(VERIFY_EMAIL, this.config.verifyTokenTtlSeconds, { userId: user.id }, minIntervalSeconds);
    if (!issued) return true;
    this.send(issued.email, issued.token);
    await this.audit.record({ type: AuthEventType.EMAIL_VERIFICATION_REQUESTED, userId: user.id, email: issued.email, client });
    return true;
  }

  async verify(token: string, client?: ClientInfo): Promise<boolean> {
    const spent = await this.em.transactional(async (em) => {
      const spent = await this.tokens.spend(em, VERIFY_EMAIL, token);
      // A link for an address the account no longer has proves nothing.
      if (!spent || !(await this.users.markEmailVerified(em, spent.userId, spent.email))) throw new InvalidTokenError();
      return spent;
    });
    // The cached user says unverified; other instances hear of the change from the database.
    this.sessionCache.evictUser(spent.userId);
    await this.audit.record({ type: AuthEventType.EMAIL_VERIFIED, userId: spent.userId, email: spent.email, client });
    return true;
  }
}
