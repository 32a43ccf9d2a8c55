import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AuditService, AuthEventType } from '../audit';
import type { ClientInfo } from '../common/decorators';
import { TooManyRequestsError, UnauthenticatedError } from '../common/errors';
import { normalizeEmail } from '../common/validation';
import { type User, UsersService } from '../users';
import { LoginBackoffService } from './login-backoff.service';
import { PasswordHasher } from './password.hasher';
import { type PasswordOwner, PasswordPolicy } from './password.policy';

/** One message for every failed login, so a response never tells which part was wrong. */
export const INVALID_CREDENTIALS = 'Invalid email or password';
export const WRONG_PASSWORD = 'Password is incorrect';

/** What a login's password check found; it is written in the login's transaction either way. */
export type LoginCheck =
  { outcome: 'valid'; user: User } | { outcome: 'invalid' } | { outcome: 'refused'; error: TooManyRequestsError };

/**
 * Everything a password goes through: the policy and the hash when one is set, and every check of
 * one (login, and the re-checks of a signed-in person) behind the per-account backoff, audited.
 */
@Injectable()
export class PasswordsService {
  constructor(
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly policy: PasswordPolicy,
    private readonly backoff: LoginBackoffService,
    private readonly audit: AuditService,
  ) {}

  /** Throws BAD_USER_INPUT, naming `field`, for a password the policy refuses. */
  assertAcceptable(password: string, owner: PasswordOwner, field = 'password'): void {
    this.policy.assertAcceptable(password, owner, field);
  }

  hash(password: string): Promise<string> {
    return this.hasher.hash(password);
  }

  /** Stores a hash made by `hash` as the account's password, in `em`'s transaction. */
  store(em: EntityManager, userId: string, passwordHash: string): Promise<void> {
    return this.users.setPasswordHash(em, userId, passwordHash);
  }

  /**
   * A login's password check, all of it in the login's transaction (`em`): the account read and
   * locked, one attempt claimed against the backoff before any comparison (refused while the address
   * must wait), the same bcrypt work whether or not the address has an account, and the outcome
   * written: a failure to the trail (the claim stands), a success by ending the failure streak.
   */
  async checkLogin(em: EntityManager, email: string, password: string, client?: ClientInfo): Promise<LoginCheck> {
    const normalized = normalizeEmail(email);
    const user = await this.users.findForLogin(em, normalized);
    const failed = (detail?: string) =>
      this.audit.recordIn(em, {
        type: AuthEventType.LOGIN_FAILED,
        userId: user?.id,
        email: normalized,
        detail,
        client,
      });
    try {
      await this.backoff.claimAttempt(normalized, em);
    } catch (error) {
      if (!(error instanceof TooManyRequestsError)) throw error;
      // Guesses refused by the backoff belong in the account's trail too: that is what an attack looks like.
      await failed('BACKOFF');
      return { outcome: 'refused', error };
    }
    const valid = user
      ? await this.hasher.verify(password, user.passwordHash)
      : await this.hasher.verifyNothing(password);
    if (!valid || !user) {
      await failed();
      return { outcome: 'invalid' };
    }
    await this.backoff.recordSuccess(normalized, em);
    return { outcome: 'valid', user };
  }

  /**
   * A signed-in person's password checked again (`purpose` names the operation): the same
   * per-account backoff as login, so a stolen session cannot guess freely.
   */
  async assertCurrent(user: User, password: string, purpose: string, client?: ClientInfo): Promise<void> {
    // A wrong (or backoff-refused) guess from a session is recorded like a failed login: a stolen session leaves a trace.
    const failed = (detail: string) =>
      this.audit.record({ type: AuthEventType.LOGIN_FAILED, userId: user.id, email: user.email, detail, client });
    try {
      await this.backoff.claimAttempt(user.email);
    } catch (error) {
      if (error instanceof TooManyRequestsError) await failed(`${purpose}_BACKOFF`);
      throw error;
    }
    const hash = await this.users.passwordHashOf(user.id);
    if (!hash || !(await this.hasher.verify(password, hash))) {
      await failed(purpose);
      throw new UnauthenticatedError(WRONG_PASSWORD);
    }
    await this.backoff.recordSuccess(user.email);
  }

  /** The owner proved control another way (a reset link): earlier failed guesses no longer count. */
  forgetFailures(email: string): Promise<void> {
    return this.backoff.recordSuccess(email);
  }
}
