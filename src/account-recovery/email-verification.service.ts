import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { AuditService, AuthEventType } from '../audit';
import type { ClientInfo } from '../common/decorators';
import { InvalidTokenError } from '../common/errors';
import { authConfig, type AuthConfig } from '../config';
import { SessionsService } from '../sessions';
import { type User, UsersService } from '../users';
import { EmailLinksService } from './email-links.service';
import { EmailTokenPurpose } from './email-token.entity';

const { VERIFY_EMAIL } = EmailTokenPurpose;

/** Proof that a person reads the inbox of their account's address. */
@Injectable()
export class EmailVerificationService {
  constructor(
    private readonly em: EntityManager,
    private readonly links: EmailLinksService,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
    @Inject(authConfig.KEY) private readonly config: AuthConfig,
  ) {}

  /** REQUIRE_EMAIL_VERIFICATION: an unverified account gets no session. */
  get required(): boolean {
    return this.config.requireEmailVerification;
  }

  /** A token for a user being created in `em`; mail it with `send` once that transaction commits. */
  create(em: EntityManager, user: User): string {
    return this.links.create(em, user, VERIFY_EMAIL);
  }

  send(email: string, token: string): void {
    this.links.send(VERIFY_EMAIL, email, token);
  }

  /**
   * A new link for an unverified account (the older one stops working); nothing for a verified one.
   * `minIntervalSeconds` keeps a link younger than that instead (for resends nobody asked for).
   */
  async request(user: User, client?: ClientInfo, minIntervalSeconds = 0): Promise<boolean> {
    const issued = await this.links.issue(VERIFY_EMAIL, { userId: user.id }, minIntervalSeconds);
    if (!issued) return true;
    this.send(issued.email, issued.token);
    await this.audit.record({
      type: AuthEventType.EMAIL_VERIFICATION_REQUESTED,
      userId: user.id,
      email: issued.email,
      client,
    });
    return true;
  }

  async verify(token: string, client?: ClientInfo): Promise<boolean> {
    const spent = await this.em.transactional(async (em) => {
      const spent = await this.links.spend(em, VERIFY_EMAIL, token);
      // A link for an address the account no longer has proves nothing.
      if (!spent || !(await this.users.markEmailVerified(em, spent.userId, spent.email))) throw new InvalidTokenError();
      return spent;
    });
    // The cached user says unverified; other instances hear of the change from the database.
    this.sessions.changed(spent.userId);
    await this.audit.record({ type: AuthEventType.EMAIL_VERIFIED, userId: spent.userId, email: spent.email, client });
    return true;
  }
}
