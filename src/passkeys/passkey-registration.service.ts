import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  generateRegistrationOptions,
  type RegistrationResponseJSON,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import type { ClientInfo } from '../common/decorators';
import type { JsonObject } from '../common/graphql';
import { webauthnConfig, type WebauthnConfig } from '../config';
import { StepUpService } from '../two-factor';
import type { User } from '../users';
import { Passkey, PasskeyChallengePurpose } from './entities';
import { challengeBytes, PASSKEY_CHALLENGE_TTL_SECONDS, PasskeyChallenges } from './passkey-challenges.service';
import { PasskeyEvents } from './passkey.events';
import { PasskeyRejectedError } from './passkeys.errors';
import { authenticatorName, refusalInWords, userHandleOf } from './webauthn';

export interface IssuedPasskeyChallenge {
  challenge: string;
  options: JsonObject;
}

/** Adding a passkey: options for the browser (behind the step-up), then its answer checked and kept. */
@Injectable()
export class PasskeyRegistration {
  private readonly logger = new Logger(PasskeyRegistration.name);

  constructor(
    private readonly em: EntityManager,
    private readonly challenges: PasskeyChallenges,
    private readonly stepUp: StepUpService,
    private readonly events: PasskeyEvents,
    @Inject(webauthnConfig.KEY) private readonly rp: WebauthnConfig,
  ) {}

  async start(user: User, sessionId: string): Promise<IssuedPasskeyChallenge> {
    await this.stepUp.assertRecent(sessionId);
    return this.em.transactional(async (em) => {
      const existing = await em.find(Passkey, { user: user.id }, { fields: ['credentialId', 'transports'] });
      const challenge = await this.challenges.issue(em, PasskeyChallengePurpose.REGISTRATION, user.id);
      const options = await generateRegistrationOptions({
        rpName: this.rp.rpName,
        rpID: this.rp.rpId,
        userName: user.email,
        userDisplayName: user.name,
        userID: userHandleOf(user.id),
        challenge: challengeBytes(challenge),
        timeout: PASSKEY_CHALLENGE_TTL_SECONDS * 1000,
        attestationType: 'none',
        // The same authenticator twice would be one key under two names.
        excludeCredentials: existing.map((passkey) => ({ id: passkey.credentialId, transports: passkey.transports })),
        // A discoverable credential (so login needs no email) that verifies the person (so it is two factors).
        authenticatorSelection: { residentKey: 'required', requireResidentKey: true, userVerification: 'required' },
      });
      return { challenge, options: options as unknown as JsonObject };
    });
  }

  async finish(
    user: User,
    sessionId: string,
    challenge: string,
    response: JsonObject,
    name: string | null | undefined,
    client: ClientInfo,
  ): Promise<Passkey> {
    const spent = await this.em.transactional((em) =>
      this.challenges.spend(em, challenge, [PasskeyChallengePurpose.REGISTRATION]),
    );
    if (!spent || spent.userId !== user.id) {
      throw new PasskeyRejectedError('This passkey request has expired or was already answered: start again');
    }
    const info = await this.verify(user, sessionId, challenge, response, client);
    let passkey: Passkey;
    try {
      passkey = await this.em.transactional(async (em) => {
        const count = await em.count(Passkey, { user: user.id });
        const added = em.create(Passkey, {
          user: em.getReference('User', user.id) as User,
          credentialId: info.credential.id,
          publicKey: Buffer.from(info.credential.publicKey),
          counter: info.credential.counter,
          transports: info.credential.transports ?? [],
          backedUp: info.credentialBackedUp,
          name: name || authenticatorName(info.aaguid) || `Passkey ${count + 1}`,
        });
        await em.flush();
        return added;
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        throw new PasskeyRejectedError('This passkey is already registered');
      }
      throw error;
    }
    await this.events.added(user, sessionId, client);
    return passkey;
  }

  private async verify(user: User, sessionId: string, challenge: string, response: JsonObject, client: ClientInfo) {
    try {
      const verification = await verifyRegistrationResponse({
        response: response as unknown as RegistrationResponseJSON,
        expectedChallenge: challenge,
        expectedOrigin: this.rp.origins,
        expectedRPID: this.rp.rpId,
        requireUserVerification: true,
      });
      if (verification.verified) return verification.registrationInfo;
      throw new Error('not verified');
    } catch (error) {
      this.logger.warn(`passkey registration refused: ${error instanceof Error ? error.message : String(error)}`);
      await this.events.rejected(user.id, 'REGISTRATION', client, sessionId);
      throw new PasskeyRejectedError(`The passkey was refused: ${refusalInWords(error)}`);
    }
  }
}
