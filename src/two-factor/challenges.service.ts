import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { AuditService, AuthEventType } from '../audit';
import type { ClientInfo } from '../common/decorators';
import { sha256Hex } from '../common/crypto/sha256';
import { TooManyRequestsError, UnauthenticatedError } from '../common/errors';
import { PasswordsService } from '../passwords';
import { AuthMethod, SessionIssuer, type SessionPayload } from '../sessions';
import { User } from '../users';
import { SecondFactorService } from './second-factor.service';
import { InvalidCodeError } from './two-factor.errors';
import { TwoFactorEvents } from './two-factor.events';

/** How long a login has to give its second factor. */
export const CHALLENGE_TTL_SECONDS = 300;
/** Wrong codes one challenge takes before it ends. */
export const CHALLENGE_MAX_FAILURES = 5;
/** What a challenge can be finished with, as TWO_FACTOR_REQUIRED lists them. */
export const CHALLENGE_METHODS = [AuthMethod.TOTP, AuthMethod.RECOVERY_CODE] as const;

export interface IssuedChallenge {
  challenge: string;
  expiresAt: Date;
}

// 256 random bits, like reset links: stored only as SHA-256.
const looksLikeChallenge = (token: string) => /^[A-Za-z0-9_-]{43}$/.test(token);

const CHALLENGE_ENDED = 'This sign-in has expired or ended: sign in again with your password';

type Verification =
  | { outcome: 'gone' }
  | { outcome: 'refused'; error: TooManyRequestsError }
  | { outcome: 'invalid'; attemptsLeft: number }
  | { outcome: 'signed-in'; user: User; method: AuthMethod; payload: SessionPayload };

interface ChallengeRow {
  id: string;
  user_id: string;
  failures: number;
  live: boolean;
}

/** The second step of a login with two-factor on: the challenge the password earned, and its redemption. */
/**
 * Ends every pending login challenge of the account, in the caller's transaction: after a new
 * password (reset or change) or a change to the second factor, no code can finish a login begun before.
 */
export async function endChallenges(em: EntityManager, userId: string): Promise<void> {
  await em.execute('delete from two_factor_challenges where user_id = ?', [userId], 'run');
}

@Injectable()
export class TwoFactorChallenges {
  constructor(
    private readonly em: EntityManager,
    private readonly secondFactor: SecondFactorService,
    private readonly passwords: PasswordsService,
    private readonly issuer: SessionIssuer,
    private readonly events: TwoFactorEvents,
    private readonly audit: AuditService,
  ) {}

  /**
   * For a login whose password was right, in its transaction: a challenge if the account has
   * two-factor on (the login then starts no session), or null.
   */
  async issueIfEnabled(em: EntityManager, user: User): Promise<IssuedChallenge | null> {
    if (!(await this.secondFactor.isEnabled(user.id, em))) return null;
    const challenge = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + CHALLENGE_TTL_SECONDS * 1000);
    // The account's abandoned challenges go as new ones come, so they never pile up.
    await em.execute('delete from two_factor_challenges where user_id = ? and expires_at <= ?', [user.id, new Date()]);
    await em.execute(
      `insert into two_factor_challenges (id, user_id, token_hash, expires_at, failures, created_at)
       values (?, ?, ?, ?, 0, now())`,
      [randomUUID(), user.id, sha256Hex(challenge), expiresAt],
      'run',
    );
    return { challenge, expiresAt };
  }

  /**
   * Finishes a login: the challenge and a current TOTP code or an unused recovery code start the
   * session, in one transaction that holds the challenge's row, so of parallel attempts with one
   * right code exactly one signs in. A wrong code counts against the challenge (the fifth ends it)
   * and in the account's login backoff.
   */
  async verify(challenge: string, code: string, client: ClientInfo): Promise<SessionPayload> {
    if (!looksLikeChallenge(challenge)) throw new UnauthenticatedError(CHALLENGE_ENDED);
    const result = await this.em.transactional((em) => this.redeem(em, challenge, code, client));
    switch (result.outcome) {
      case 'gone':
        throw new UnauthenticatedError(CHALLENGE_ENDED);
      case 'refused':
        throw result.error;
      case 'invalid':
        throw new InvalidCodeError(
          result.attemptsLeft > 0
            ? 'The code is wrong or has already been used'
            : `The code is wrong. ${CHALLENGE_ENDED}`,
          result.attemptsLeft,
        );
      case 'signed-in':
        if (result.method === AuthMethod.RECOVERY_CODE)
          await this.events.recoveryCodeUsed(result.user, result.payload.sessionId, client);
        return result.payload;
    }
  }

  private async redeem(em: EntityManager, challenge: string, code: string, client: ClientInfo): Promise<Verification> {
    const [row] = await em.execute<ChallengeRow[]>(
      'select id, user_id, failures, expires_at > ? as live from two_factor_challenges where token_hash = ? for update',
      [new Date(), sha256Hex(challenge)],
    );
    if (!row?.live) {
      if (row) await em.execute('delete from two_factor_challenges where id = ?', [row.id], 'run');
      return { outcome: 'gone' };
    }
    const user = await em.findOneOrFail(User, row.user_id);
    const check = await this.passwords.checkOtherFactor(
      user.email,
      () => this.secondFactor.check(em, user.id, code),
      em,
    );
    if (check.outcome === 'refused') {
      await this.events.failedIn(em, user.id, 'SIGN_IN_BACKOFF', client);
      return check;
    }
    if (check.outcome === 'invalid') {
      const failures = row.failures + 1;
      if (failures >= CHALLENGE_MAX_FAILURES)
        await em.execute('delete from two_factor_challenges where id = ?', [row.id], 'run');
      else await em.execute('update two_factor_challenges set failures = ? where id = ?', [failures, row.id], 'run');
      await this.events.failedIn(em, user.id, 'SIGN_IN', client);
      return { outcome: 'invalid', attemptsLeft: CHALLENGE_MAX_FAILURES - failures };
    }
    await em.execute('delete from two_factor_challenges where id = ?', [row.id], 'run');
    const method = check.proof;
    const payload = this.issuer.start(em, user, client, [AuthMethod.PASSWORD, method]);
    await this.audit.recordIn(em, {
      type: AuthEventType.LOGIN_SUCCEEDED,
      userId: user.id,
      sessionId: payload.sessionId,
      detail: method,
      client,
    });
    return { outcome: 'signed-in', user, method, payload };
  }
}
