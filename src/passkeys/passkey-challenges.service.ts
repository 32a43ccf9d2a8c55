import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { sha256Hex } from '../common/crypto/sha256';
import { PasskeyChallengePurpose } from './entities';

/** How long a browser has to answer a challenge (also the options' timeout). */
export const PASSKEY_CHALLENGE_TTL_SECONDS = 300;

// 256 random bits in base64url: the WebAuthn challenge itself, and the handle the client sends back.
const looksLikeChallenge = (token: string) => /^[A-Za-z0-9_-]{43}$/.test(token);

export interface SpentChallenge {
  purpose: PasskeyChallengePurpose;
  userId: string | null;
}

/** WebAuthn challenges: made for one purpose (and account), stored hashed, spent on first use. */
@Injectable()
export class PasskeyChallenges {
  /** A new challenge, in `em`'s transaction; expired ones are swept as it is made. */
  async issue(em: EntityManager, purpose: PasskeyChallengePurpose, userId: string | null): Promise<string> {
    const challenge = randomBytes(32).toString('base64url');
    const now = new Date();
    await em.execute('delete from passkey_challenges where expires_at <= ?', [now], 'run');
    await em.execute(
      `insert into passkey_challenges (id, token_hash, purpose, user_id, expires_at, created_at)
       values (?, ?, ?, ?, ?, now())`,
      [
        randomUUID(),
        sha256Hex(challenge),
        purpose,
        userId,
        new Date(now.getTime() + PASSKEY_CHALLENGE_TTL_SECONDS * 1000),
      ],
      'run',
    );
    return challenge;
  }

  /**
   * Spends `challenge`: gone from the table whatever happens next, so of parallel answers at most one
   * finds it. Null when it is unknown, spent, expired or made for another purpose.
   */
  async spend(
    em: EntityManager,
    challenge: string,
    purposes: readonly PasskeyChallengePurpose[],
  ): Promise<SpentChallenge | null> {
    if (!looksLikeChallenge(challenge)) return null;
    const [row] = await em.execute<{ purpose: PasskeyChallengePurpose; user_id: string | null; live: boolean }[]>(
      'delete from passkey_challenges where token_hash = ? returning purpose, user_id, expires_at > ? as live',
      [sha256Hex(challenge), new Date()],
    );
    if (!row?.live || !purposes.includes(row.purpose)) return null;
    return { purpose: row.purpose, userId: row.user_id };
  }
}

/** The bytes of a challenge, as the WebAuthn options carry them (base64url of these is the challenge again). */
export const challengeBytes = (challenge: string): Uint8Array<ArrayBuffer> =>
  new Uint8Array(Buffer.from(challenge, 'base64url'));
