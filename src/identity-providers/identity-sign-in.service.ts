import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { EmailVerificationService } from '../account-recovery';
import type { ClientInfo } from '../common/decorators';
import { normalizeEmail } from '../common/validation';
import { AuthMethod, SessionIssuer, type SessionPayload } from '../sessions';
import { type IssuedChallenge, TwoFactorChallenges } from '../two-factor';
import { User } from '../users';
import { IdentityEvents } from './identity.events';
import { ProviderFlowError, type RefusalReason } from './identity-provider.errors';
import type { IdentityProvider, ProviderProfile } from './providers/identity-provider';
import { UserIdentity } from './user-identity.entity';

export type ProviderSignIn =
  { kind: 'session'; payload: SessionPayload } | { kind: 'second-factor'; challenge: IssuedChallenge };

type Outcome =
  | ProviderSignIn
  | { kind: 'refused'; reason: RefusalReason; userId: string | null }
  | { kind: 'unverified'; user: User }
  | { kind: 'linked-and-signed-in'; user: User; result: ProviderSignIn };

/** A verification link re-sent at most this often, as at a password login. */
const RESEND_INTERVAL_SECONDS = 15 * 60;
const MAX_NAME = 120;

/**
 * Signing in with a provider's vouching, by the linking rules: a linked account signs in; an address
 * no account has makes an account; an address an account has links to it only when the provider
 * says the address is verified and the account has verified it too; otherwise nothing is linked or
 * made. Then the one place sessions start, or the second factor's challenge when the account has one.
 */
@Injectable()
export class IdentitySignIn {
  constructor(
    private readonly em: EntityManager,
    private readonly issuer: SessionIssuer,
    private readonly twoFactor: TwoFactorChallenges,
    private readonly verification: EmailVerificationService,
    private readonly events: IdentityEvents,
  ) {}

  async signIn(provider: IdentityProvider, profile: ProviderProfile, client: ClientInfo): Promise<ProviderSignIn> {
    let outcome: Outcome;
    try {
      outcome = await this.em.transactional((em) => this.decide(em, provider, profile, client));
    } catch (error) {
      // Two first sign-ins racing on one address or one provider account: the loser tries again and finds it.
      if (error instanceof UniqueConstraintViolationException) throw new ProviderFlowError('try_again', error.message);
      throw error;
    }
    switch (outcome.kind) {
      case 'refused':
        await this.events.refused(outcome.userId, provider.id, outcome.reason, client);
        throw new ProviderFlowError(outcome.reason);
      case 'unverified':
        await this.verification.request(outcome.user, client, RESEND_INTERVAL_SECONDS);
        throw new ProviderFlowError('email_not_verified');
      case 'linked-and-signed-in': {
        const { user, result } = outcome;
        const sessionId = result.kind === 'session' ? result.payload.sessionId : undefined;
        await this.events.linked({
          userId: user.id,
          email: user.email,
          provider: provider.id,
          label: provider.label,
          sessionId,
          client,
        });
        return result;
      }
      default:
        return outcome;
    }
  }

  private async decide(
    em: EntityManager,
    provider: IdentityProvider,
    profile: ProviderProfile,
    client: ClientInfo,
  ): Promise<Outcome> {
    const identity = await em.findOne(
      UserIdentity,
      { provider: provider.id, subject: profile.subject },
      { populate: ['user'] },
    );
    if (identity) return this.start(em, identity.user, provider, client);
    const email = usableEmail(profile.email);
    if (!email) return { kind: 'refused', reason: 'email_missing', userId: null };
    const existing = await em.findOne(User, { email });
    if (existing) {
      // The takeover rule: an address alone proves nothing unless both sides have verified it.
      // And an account has one account per provider: another one at the same provider links only by hand.
      const sameProvider = await em.count(UserIdentity, { user: existing, provider: provider.id });
      if (!profile.emailVerified || !existing.emailVerified || sameProvider > 0) {
        return { kind: 'refused', reason: 'account_exists', userId: existing.id };
      }
      em.create(UserIdentity, { user: existing, provider: provider.id, subject: profile.subject, email });
      return {
        kind: 'linked-and-signed-in',
        user: existing,
        result: await this.startOrChallenge(em, existing, provider, client),
      };
    }
    const user = em.create(User, {
      name: displayName(profile.name, email),
      email,
      passwordHash: null,
      emailVerifiedAt: profile.emailVerified ? new Date() : null,
    });
    em.create(UserIdentity, { user, provider: provider.id, subject: profile.subject, email });
    await em.flush();
    await this.events.signedUp(em, user.id, provider.id, client);
    return this.start(em, user, provider, client);
  }

  private async start(em: EntityManager, user: User, provider: IdentityProvider, client: ClientInfo): Promise<Outcome> {
    if (this.verification.required && !user.emailVerified) return { kind: 'unverified', user };
    return this.startOrChallenge(em, user, provider, client);
  }

  private async startOrChallenge(
    em: EntityManager,
    user: User,
    provider: IdentityProvider,
    client: ClientInfo,
  ): Promise<ProviderSignIn> {
    const challenge = await this.twoFactor.issueIfEnabled(em, user, AuthMethod.IDENTITY_PROVIDER);
    if (challenge) return { kind: 'second-factor', challenge };
    const payload = this.issuer.start(em, user, client, [AuthMethod.IDENTITY_PROVIDER]);
    await this.events.signedInIn(em, user.id, provider.id, payload.sessionId, client);
    return { kind: 'session', payload };
  }
}

/** The provider's address, normalised as ours are, if it can be an account's at all. */
export function usableEmail(email: string | null): string | null {
  if (!email) return null;
  const normalized = normalizeEmail(email);
  return normalized.length <= 254 && /^[^\s@]+@[^\s@]+$/.test(normalized) ? normalized : null;
}

/** The provider's name, within our rules for names (1 to 120 characters, no control characters), or the address's local part. */
export function displayName(name: string | null, email: string): string {
  const clean = (value: string) => [...value.replace(/\p{Cc}/gu, '').trim()].slice(0, MAX_NAME).join('').trim();
  return clean(name ?? '') || clean(email.split('@')[0]) || 'New user';
}
