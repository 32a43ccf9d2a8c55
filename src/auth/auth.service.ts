import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable, UnauthorizedException } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { AuthEventType } from '../audit/auth-event.entity';
import type { ClientInfo } from '../common/decorators';
import { EmailNotVerifiedError, EmailTakenError, TooManyRequestsError } from '../common/errors';
import { normalizeEmail } from '../common/validation';
import type { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import type { ChangePasswordInput } from './dto/change-password.input';
import { LogoutScope } from './dto/logout-scope.enum';
import type { SignupInput } from './dto/signup.input';
import type { AuthPayloadModel } from './models/auth-payload.model';
import { EmailTokenPurpose } from './email/email-token.entity';
import { EmailTokensService } from './email/email-tokens.service';
import { EmailVerificationService } from './email/email-verification.service';
import { LoginBackoffService } from './login-backoff.service';
import { PasswordHasher } from './password.hasher';
import { PasswordPolicy } from './password.policy';
import { RefreshTokensService } from './refresh-tokens.service';
import { Session } from './session.entity';
import { SessionsService } from './sessions.service';
import { TokensService } from './tokens.service';

/** One message for every failed login, so a response never tells which part was wrong. */
export const INVALID_CREDENTIALS = 'Invalid email or password';
export const WRONG_PASSWORD = 'Password is incorrect';
/**
 * A login refused for an unverified address re-sends the link at most this often: whoever signed up
 * with somebody else's address (and so knows the password) can send that inbox four an hour at most.
 */
const RESEND_INTERVAL_SECONDS = 15 * 60;

/** A payload and the session it belongs to (the id is for the audit trail, not the client). */
type SessionPayload = AuthPayloadModel & { sessionId: string };

@Injectable()
export class AuthService {
  constructor(
    private readonly em: EntityManager,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly refreshTokens: RefreshTokensService,
    private readonly passwords: PasswordHasher,
    private readonly tokens: TokensService,
    private readonly policy: PasswordPolicy,
    private readonly backoff: LoginBackoffService,
    private readonly audit: AuditService,
    private readonly verification: EmailVerificationService,
    private readonly emailTokens: EmailTokensService,
  ) {}

  /**
   * Creates the account, its verification token and (unless verification is required first) its
   * first session in one transaction; the verification mail goes out once that has committed.
   */
  async signup(input: SignupInput, client: ClientInfo): Promise<AuthPayloadModel> {
    // A cheap early answer; the unique index below is what actually decides a race.
    this.policy.assertAcceptable(input.password, input);
    if (await this.users.emailTaken(input.email)) throw new EmailTakenError();
    const passwordHash = await this.passwords.hash(input.password);
    let created: { user: User; verifyToken: string; payload?: SessionPayload };
    try {
      created = await this.em.transactional(async (em) => {
        const user = this.users.create(em, { name: input.name, email: input.email, passwordHash });
        const verifyToken = this.verification.create(em, user);
        return { user, verifyToken, payload: this.verification.required ? undefined : this.startSession(em, user, client) };
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw new EmailTakenError();
      throw error;
    }
    const { user, verifyToken, payload } = created;
    this.verification.send(user.email, verifyToken);
    await this.audit.record({ type: AuthEventType.SIGNUP, userId: user.id, sessionId: payload?.sessionId, client });
    if (!payload) throw new EmailNotVerifiedError('Account created: follow the link we sent to your address, then sign in');
    return payload;
  }

  /**
   * The user if the password matches; null otherwise, after the same bcrypt work either way. An
   * address in backoff is refused (TOO_MANY_REQUESTS) before any password is checked.
   */
  async validateCredentials(email: string, password: string, client?: ClientInfo): Promise<User | null> {
    const normalized = normalizeEmail(email);
    const user = await this.users.findByEmailWithPassword(normalized);
    try {
      await this.backoff.claimAttempt(normalized);
    } catch (error) {
      // Guesses refused by the backoff belong in the account's trail too: that is what an attack looks like.
      if (error instanceof TooManyRequestsError) {
        await this.audit.record({ type: AuthEventType.LOGIN_FAILED, userId: user?.id, email: normalized, detail: 'BACKOFF', client });
      }
      throw error;
    }
    const valid = user ? await this.passwords.verify(password, user.passwordHash) : await this.passwords.verifyNothing(password);
    if (valid) await this.backoff.recordSuccess(normalized);
    else await this.audit.record({ type: AuthEventType.LOGIN_FAILED, userId: user?.id, email: normalized, client });
    return valid ? user : null;
  }

  async login(user: User, client: ClientInfo): Promise<AuthPayloadModel> {
    if (this.verification.required && !user.emailVerified) {
      // The right password, so this is the owner: a fresh link, unless one went out lately.
      await this.verification.request(user, client, RESEND_INTERVAL_SECONDS);
      throw new EmailNotVerifiedError('Confirm your email address first: follow the link we sent to it (a new one if the last is over 15 minutes old)');
    }
    const payload = await this.em.transactional(async (em) => {
      // The password just checked must still be the account's as the session starts: a reset or a
      // change committing in between ends the sessions it can see, and would not see this one.
      // The row lock makes the two wait for each other.
      if (!(await this.users.passwordStillIs(em, user.id, user.passwordHash))) throw new UnauthorizedException(INVALID_CREDENTIALS);
      return this.startSession(em, user, client);
    });
    await this.audit.record({ type: AuthEventType.LOGIN_SUCCEEDED, userId: user.id, sessionId: payload.sessionId, client });
    return payload;
  }

  async refresh(token: string, client?: ClientInfo): Promise<AuthPayloadModel> {
    const rotation = await this.refreshTokens.rotate(token);
    if (rotation.outcome === 'reused') {
      this.sessions.forgetUser(rotation.userId);
      await this.audit.record({ type: AuthEventType.REFRESH_REUSE_DETECTED, userId: rotation.userId, sessionId: rotation.sessionId, client });
      throw new UnauthorizedException('Refresh token was already used: the session has been ended');
    }
    if (rotation.outcome === 'invalid') throw new UnauthorizedException('Invalid or expired refresh token');
    return this.payload(rotation.session, rotation.refreshToken);
  }

  async logout(user: User, sessionId: string, scope: LogoutScope, client?: ClientInfo): Promise<boolean> {
    if (scope === LogoutScope.CURRENT) await this.sessions.revoke(user.id, { only: sessionId });
    if (scope === LogoutScope.OTHERS) await this.sessions.revoke(user.id, { except: sessionId });
    if (scope === LogoutScope.ALL) await this.sessions.revoke(user.id);
    await this.audit.record({ type: AuthEventType.LOGOUT, userId: user.id, sessionId, detail: scope, client });
    return true;
  }

  /**
   * Checks the current password, sets the new one, ends every other session and restarts this
   * session's refresh chain, all in one transaction.
   */
  async changePassword(user: User, sessionId: string, input: ChangePasswordInput, client?: ClientInfo): Promise<AuthPayloadModel> {
    await this.assertPassword(user, input.currentPassword, 'CHANGE_PASSWORD', client);
    this.policy.assertAcceptable(input.newPassword, user, 'newPassword');
    const passwordHash = await this.passwords.hash(input.newPassword);
    const payload = await this.em.transactional(async (em) => {
      await this.users.setPasswordHash(em, user.id, passwordHash);
      await this.sessions.revoke(user.id, { except: sessionId }, em);
      // A reset link sent before the change must not undo it.
      await this.emailTokens.discard(em, user.id, EmailTokenPurpose.RESET_PASSWORD);
      const session = await em.findOneOrFail(Session, { id: sessionId, user: user.id }, { populate: ['user'] });
      await this.refreshTokens.forget(em, session);
      session.lastSeenAt = new Date();
      return this.payload(session, this.refreshTokens.issue(em, session));
    });
    this.sessions.forgetUser(user.id);
    await this.audit.record({ type: AuthEventType.PASSWORD_CHANGED, userId: user.id, sessionId, client });
    return payload;
  }

  async deleteAccount(user: User, sessionId: string, password: string, client?: ClientInfo): Promise<boolean> {
    await this.assertPassword(user, password, 'DELETE_ACCOUNT', client);
    // Sessions and refresh tokens go with the user (ON DELETE CASCADE); the trail stays.
    await this.users.delete(user.id);
    this.sessions.forgetUser(user.id);
    await this.audit.record({ type: AuthEventType.ACCOUNT_DELETED, userId: user.id, sessionId, client });
    return true;
  }

  /** A password check like login's: the same per-account backoff, so a stolen session cannot guess freely. */
  private async assertPassword(user: User, password: string, purpose: string, client?: ClientInfo): Promise<void> {
    // A wrong (or backoff-refused) guess from a session is recorded like a failed login: a stolen session leaves a trace.
    const failed = (detail: string) => this.audit.record({ type: AuthEventType.LOGIN_FAILED, userId: user.id, email: user.email, detail, client });
    try {
      await this.backoff.claimAttempt(user.email);
    } catch (error) {
      if (error instanceof TooManyRequestsError) await failed(`${purpose}_BACKOFF`);
      throw error;
    }
    const hash = await this.users.passwordHashOf(user.id);
    if (!hash || !(await this.passwords.verify(password, hash))) {
      await failed(purpose);
      throw new UnauthorizedException(WRONG_PASSWORD);
    }
    await this.backoff.recordSuccess(user.email);
  }

  private startSession(em: EntityManager, user: User, client: ClientInfo): SessionPayload {
    const session = this.sessions.create(em, user, client);
    return this.payload(session, this.refreshTokens.issue(em, session));
  }

  private payload(session: Session, refreshToken: string): SessionPayload {
    return {
      sessionId: session.id,
      ...this.tokens.issueAccessToken(session.user.id, session.id),
      refreshToken,
      refreshTokenExpiresAt: this.sessions.expiryOf(session),
      user: session.user,
    };
  }
}
