import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { EmailVerificationService } from '../account-recovery';
import { AuditService, AuthEventType } from '../audit';
import type { ClientInfo } from '../common/decorators';
import { EmailNotVerifiedError, UnauthenticatedError } from '../common/errors';
import { INVALID_CREDENTIALS } from '../passwords';
import { SessionIssuer, SessionsService } from '../sessions';
import type { AuthPayloadModel } from '../tokens';
import { type User, UsersService } from '../users';
import { LogoutScope } from './dto/logout-scope.enum';

/**
 * A login refused for an unverified address re-sends the link at most this often: whoever signed up
 * with somebody else's address (and so knows the password) can send that inbox four an hour at most.
 */
const RESEND_INTERVAL_SECONDS = 15 * 60;

/** Signing in with a password (checked by the local strategy), refreshing, and signing out. */
@Injectable()
export class LoginService {
  constructor(
    private readonly em: EntityManager,
    private readonly users: UsersService,
    private readonly verification: EmailVerificationService,
    private readonly issuer: SessionIssuer,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {}

  /** Starts a session for `user`, whose password the local strategy has just checked. */
  async login(user: User, client: ClientInfo): Promise<AuthPayloadModel> {
    if (this.verification.required && !user.emailVerified) {
      // The right password, so this is the owner: a fresh link, unless one went out lately.
      await this.verification.request(user, client, RESEND_INTERVAL_SECONDS);
      throw new EmailNotVerifiedError(
        'Confirm your email address first: follow the link we sent to it (a new one if the last is over 15 minutes old)',
      );
    }
    const payload = await this.em.transactional(async (em) => {
      // The password just checked must still be the account's as the session starts: a reset or a
      // change committing in between ends the sessions it can see, and would not see this one.
      // The row lock makes the two wait for each other.
      if (!(await this.users.passwordStillIs(em, user.id, user.passwordHash)))
        throw new UnauthenticatedError(INVALID_CREDENTIALS);
      return this.issuer.start(em, user, client);
    });
    await this.audit.record({
      type: AuthEventType.LOGIN_SUCCEEDED,
      userId: user.id,
      sessionId: payload.sessionId,
      client,
    });
    return payload;
  }

  refresh(token: string, client?: ClientInfo): Promise<AuthPayloadModel> {
    return this.issuer.refresh(token, client);
  }

  async logout(user: User, sessionId: string, scope: LogoutScope, client?: ClientInfo): Promise<boolean> {
    if (scope === LogoutScope.CURRENT) await this.sessions.end(user.id, { only: sessionId });
    if (scope === LogoutScope.OTHERS) await this.sessions.end(user.id, { except: sessionId });
    if (scope === LogoutScope.ALL) await this.sessions.end(user.id);
    await this.audit.record({ type: AuthEventType.LOGOUT, userId: user.id, sessionId, detail: scope, client });
    return true;
  }
}
