import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  type AuthenticationResponseJSON,
  generateAuthenticationOptions,
  verifyAuthenticationResponse,
} from '@simplewebauthn/server';
import type { ClientInfo } from '../common/decorators';
import { type TooManyRequestsError, UnauthenticatedError } from '../common/errors';
import type { JsonObject } from '../common/graphql';
import { webauthnConfig, type WebauthnConfig } from '../config';
import { PasswordsService } from '../passwords';
import { AuthMethod, SessionIssuer, type SessionPayload } from '../sessions';
import { User } from '../users';
import { Passkey, PasskeyChallengePurpose } from './entities';
import { challengeBytes, PASSKEY_CHALLENGE_TTL_SECONDS, PasskeyChallenges } from './passkey-challenges.service';
import type { IssuedPasskeyChallenge } from './passkey-registration.service';
import { PasskeyEvents, type PasskeyRejection } from './passkey.events';
import { userHandleOf } from './webauthn';

const LOGIN_PURPOSES = [PasskeyChallengePurpose.LOGIN, PasskeyChallengePurpose.LOGIN_FOR_ACCOUNT] as const;
// One answer for every refusal: which check failed is for the trail, not for whoever holds the response.
const FAILED = 'Passkey sign-in failed: try again, or sign in another way';

type Redemption =
  | { outcome: 'failed' }
  | { outcome: 'refused'; error: TooManyRequestsError }
  | { outcome: 'signed-in'; payload: SessionPayload };

interface Assertion {
  newCounter: number;
  backedUp: boolean;
}

/** Signing in with a passkey: a challenge (for an account, or for any discoverable passkey), then its answer. */
@Injectable()
export class PasskeyLogin {
  private readonly logger = new Logger(PasskeyLogin.name);

  constructor(
    private readonly em: EntityManager,
    private readonly challenges: PasskeyChallenges,
    private readonly passwords: PasswordsService,
    private readonly issuer: SessionIssuer,
    private readonly events: PasskeyEvents,
    @Inject(webauthnConfig.KEY) private readonly rp: WebauthnConfig,
  ) {}

  /**
   * Options for the browser. With an email the challenge is bound to that address's account (or to
   * none), but the answer is the same either way: no credential list, so it tells nothing of the
   * account or its passkeys; every passkey here is discoverable, so the browser finds it itself.
   */
  async start(email: string | null | undefined): Promise<IssuedPasskeyChallenge> {
    return this.em.transactional(async (em) => {
      let purpose = PasskeyChallengePurpose.LOGIN;
      let userId: string | null = null;
      if (email != null) {
        purpose = PasskeyChallengePurpose.LOGIN_FOR_ACCOUNT;
        userId = (await em.findOne(User, { email }, { fields: ['id'] }))?.id ?? null;
      }
      const challenge = await this.challenges.issue(em, purpose, userId);
      const options = await generateAuthenticationOptions({
        rpID: this.rp.rpId,
        challenge: challengeBytes(challenge),
        timeout: PASSKEY_CHALLENGE_TTL_SECONDS * 1000,
        userVerification: 'required',
      });
      return { challenge, options: options as unknown as JsonObject };
    });
  }

  /**
   * Checks the answer and starts the session, in one transaction that also spends the challenge,
   * moves the counter and counts a failure in the account's login backoff.
   */
  async finish(challenge: string, response: JsonObject, client: ClientInfo): Promise<SessionPayload> {
    const result = await this.em.transactional((em) => this.redeem(em, challenge, response, client));
    if (result.outcome === 'refused') throw result.error;
    if (result.outcome === 'failed') throw new UnauthenticatedError(FAILED);
    return result.payload;
  }

  private async redeem(
    em: EntityManager,
    challenge: string,
    response: JsonObject,
    client: ClientInfo,
  ): Promise<Redemption> {
    const failed = async (userId: string | null, why: PasskeyRejection): Promise<Redemption> => {
      await this.events.rejectedIn(em, userId, why, client);
      return { outcome: 'failed' };
    };
    const spent = await this.challenges.spend(em, challenge, LOGIN_PURPOSES);
    if (!spent) return failed(null, 'CHALLENGE');
    const credentialId = typeof response.id === 'string' ? response.id : null;
    const passkey = credentialId ? await em.findOne(Passkey, { credentialId }, { populate: ['user'] }) : null;
    if (!passkey) return failed(spent.userId, 'UNKNOWN_CREDENTIAL');
    const user = passkey.user;
    if (spent.purpose === PasskeyChallengePurpose.LOGIN_FOR_ACCOUNT && spent.userId !== user.id) {
      return failed(spent.userId, 'OTHER_ACCOUNT');
    }
    const why: { rejection: PasskeyRejection } = { rejection: 'SIGNATURE' };
    const check = await this.passwords.checkOtherFactor(
      user.email,
      () => this.verify(passkey, challenge, response, why),
      em,
    );
    if (check.outcome === 'refused') {
      await this.events.rejectedIn(em, user.id, 'BACKOFF', client);
      return check;
    }
    if (check.outcome === 'invalid') return failed(user.id, why.rejection);
    passkey.counter = check.proof.newCounter;
    passkey.backedUp = check.proof.backedUp;
    passkey.lastUsedAt = new Date();
    const payload = this.issuer.start(em, user, client, [AuthMethod.PASSKEY]);
    await this.events.signedInIn(em, user.id, payload.sessionId, client);
    return { outcome: 'signed-in', payload };
  }

  /** The signature, origin, RP ID, challenge and user verification; then the counter, which must move on. */
  private async verify(
    passkey: Passkey,
    challenge: string,
    response: JsonObject,
    why: { rejection: PasskeyRejection },
  ): Promise<Assertion | null> {
    const handle = (response.response as JsonObject | undefined)?.userHandle;
    if (typeof handle === 'string' && handle !== Buffer.from(userHandleOf(passkey.user.id)).toString('base64url')) {
      return null;
    }
    try {
      const { verified, authenticationInfo } = await verifyAuthenticationResponse({
        response: response as unknown as AuthenticationResponseJSON,
        expectedChallenge: challenge,
        expectedOrigin: this.rp.origins,
        expectedRPID: this.rp.rpId,
        // Counter 0 here, so the library checks the signature first; the counter is compared below.
        credential: { id: passkey.credentialId, publicKey: new Uint8Array(passkey.publicKey), counter: 0 },
        requireUserVerification: true,
      });
      if (!verified) return null;
      const { newCounter, credentialBackedUp } = authenticationInfo;
      // A valid signature with a counter that did not move on: two authenticators share this key (a clone).
      if ((newCounter > 0 || passkey.counter > 0) && newCounter <= passkey.counter) {
        why.rejection = 'COUNTER';
        this.logger.warn(`passkey ${passkey.id}: counter ${newCounter} after ${passkey.counter}, refused as a clone`);
        return null;
      }
      return { newCounter, backedUp: credentialBackedUp };
    } catch (error) {
      this.logger.debug(`passkey sign-in refused: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  }
}
