import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { EmailVerificationService } from '../account-recovery';
import { AuditService, AuthEventType } from '../audit';
import type { ClientInfo } from '../common/decorators';
import { EmailNotVerifiedError, TwoFactorRequiredError, UnauthenticatedError } from '../common/errors';
import { INVALID_CREDENTIALS, type LoginCheck, PasswordsService } from '../passwords';
import { PasskeysService } from '../passkeys';
import { AuthMethod, SessionIssuer, SessionsService } from '../sessions';
import type { AuthPayloadModel } from '../tokens';
import { CHALLENGE_METHODS, type IssuedChallenge, TwoFactorChallenges } from '../two-factor';
import type { User } from '../users';
import { LogoutScope } from './dto/logout-scope.enum';

/**
 * A login refused for an unverified address re-sends the link at most this often: whoever signed up
 * with somebody else's address (and so knows the password) can send that inbox four an hour at most.
 */
const RESEND_INTERVAL_SECONDS = 15 * 60;

/** A password sign-in: who signed in, and the tokens of the session it started. */
export interface SignedIn {
  user: User;
  payload: AuthPayloadModel;
}

/** How a sign-in's transaction ended; it commits in every case, and what to answer is decided after. */
type SignInOutcome =
  | Exclude<LoginCheck, { outcome: 'valid' }>
  | { outcome: 'unverified'; user: User }
  | { outcome: 'second-factor'; challenge: IssuedChallenge; methods: AuthMethod[] }
  | (SignedIn & { outcome: 'signed-in' });

/** Signing in with a password (for the local strategy), refreshing, and signing out. */
@Injectable()
export class LoginService {
  constructor(
    private readonly em: EntityManager,
    private readonly passwords: PasswordsService,
    private readonly verification: EmailVerificationService,
    private readonly issuer: SessionIssuer,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
    private readonly twoFactor: TwoFactorChallenges,
    private readonly passkeys: PasskeysService,
  ) {}

  /**
   * Signs in with an email and a password, in one transaction and one commit: the account read and
   * locked, the backoff claim, the bcrypt comparison (off the event loop), then the session and its
   * refresh token, the trail's row and the end of the failure streak. A wrong or refused attempt
   * commits its claim and its row in the trail, then answers the same error whatever failed. With
   * two-factor on, the right password earns a challenge instead of a session, and the claim stands
   * until a code finishes the sign-in (verifyTwoFactor), so the password alone never resets the backoff.
   */
  async signIn(email: string, password: string, client: ClientInfo): Promise<SignedIn> {
    const result = await this.em.transactional(async (em): Promise<SignInOutcome> => {
      const check = await this.passwords.checkLogin(em, email, password, client);
      if (check.outcome !== 'valid') return check;
      const { user } = check;
      // An unverified address gets no challenge either: a challenge is one code away from a session.
      const unverified = this.verification.required && !user.emailVerified;
      const challenge = unverified ? null : await this.twoFactor.issueIfEnabled(em, user);
      if (challenge) {
        // A passkey (a complete sign-in of its own, finishPasskeyLogin) may answer the second step too.
        const passkey = await this.passkeys.hasAny(em, user.id);
        return {
          outcome: 'second-factor',
          challenge,
          methods: [...CHALLENGE_METHODS, ...(passkey ? [AuthMethod.PASSKEY] : [])],
        };
      }
      await this.passwords.forgetFailures(user.email, em);
      if (unverified) return { outcome: 'unverified', user };
      const payload = this.issuer.start(em, user, client);
      await this.audit.recordIn(em, {
        type: AuthEventType.LOGIN_SUCCEEDED,
        userId: user.id,
        sessionId: payload.sessionId,
        client,
      });
      return { outcome: 'signed-in', user, payload };
    });
    switch (result.outcome) {
      case 'signed-in':
        return { user: result.user, payload: result.payload };
      case 'refused':
        throw result.error;
      case 'invalid':
        throw new UnauthenticatedError(INVALID_CREDENTIALS);
      case 'second-factor':
        throw new TwoFactorRequiredError(result.challenge.challenge, result.challenge.expiresAt, result.methods);
      case 'unverified':
        // The right password, so this is the owner: a fresh link, unless one went out lately.
        await this.verification.request(result.user, client, RESEND_INTERVAL_SECONDS);
        throw new EmailNotVerifiedError(
          'Confirm your email address first: follow the link we sent to it (a new one if the last is over 15 minutes old)',
        );
    }
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
