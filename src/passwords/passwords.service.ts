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
   * must wait), the same bcrypt work whether or not the address has an account, and a failure
   * written to the trail. The claim stands either way: the caller ends the failure streak
   * (`forgetFailures`) once the sign-in is complete, which with two-factor on is only after the code.
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
    // An account without a password (an identity provider made it) costs the same as an unknown email.
    const valid = user?.passwordHash
      ? await this.hasher.verify(password, user.passwordHash)
      : await this.hasher.verifyNothing(password);
    if (!valid || !user) {
      await failed();
      return { outcome: 'invalid' };
    }
    return { outcome: 'valid', user };
  }

  /**
   * Another proof of who the account's owner is (a second-factor code), behind the same per-account
   * backoff as the password: one attempt claimed before `check` runs, the streak ended when it
   * passes. `check` answers what it proved, or null. Failures are the caller's to record.
   */
  async checkOtherFactor<T>(
    email: string,
    check: () => Promise<T | null>,
    em: EntityManager,
  ): Promise<
    { outcome: 'valid'; proof: T } | { outcome: 'invalid' } | { outcome: 'refused'; error: TooManyRequestsError }
  > {
    try {
      await this.backoff.claimAttempt(email, em);
    } catch (error) {
      if (error instanceof TooManyRequestsError) return { outcome: 'refused', error };
      throw error;
    }
    const proof = await check();
    if (proof === null) return { outcome: 'invalid' };
    await this.backoff.recordSuccess(email, em);
    return { outcome: 'valid', proof };
  }

  /**
   * A signed-in person's password checked again (`purpose` names the operation): the same
   * per-account backoff as login, so a stolen session cannot guess freely. `alsoCheck`, when given,
   * is a second factor that must pass too; it runs only after the right password, and either
   * failing reads the same (`message`).
   */
  async assertCurrent(
    user: User,
    password: string,
    purpose: string,
    client?: ClientInfo,
    alsoCheck?: () => Promise<boolean>,
    message = WRONG_PASSWORD,
  ): Promise<void> {
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
    const passed = !!hash && (await this.hasher.verify(password, hash)) && (!alsoCheck || (await alsoCheck()));
    if (!passed) {
      await failed(purpose);
      throw new UnauthenticatedError(message);
    }
    await this.backoff.recordSuccess(user.email);
  }

  /**
   * A sign-in completed, or the owner proved control another way (a reset link): earlier failed
   * guesses no longer count. In `em`'s transaction when given.
   */
  forgetFailures(email: string, em?: EntityManager): Promise<void> {
    return this.backoff.recordSuccess(normalizeEmail(email), em);
  }
}
