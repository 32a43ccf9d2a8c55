import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { ClientInfo } from '../common/decorators';
import { NotFoundError } from '../common/errors';
import { SessionsService } from '../sessions';
import { StepUpService } from '../two-factor';
import type { User } from '../users';
import { IdentityEvents } from './identity.events';
import { LastSignInMethodError, ProviderFlowError } from './identity-provider.errors';
import type { IdentityProvider, ProviderProfile } from './providers/identity-provider';
import { IdentityProvidersRegistry } from './providers/identity-providers.registry';
import { UserIdentity } from './user-identity.entity';

export interface LinkRequest {
  userId: string;
  sessionId: string;
}

/** A signed-in person's linked provider accounts: listing, linking (from the browser flow) and unlinking. */
@Injectable()
export class IdentitiesService {
  constructor(
    private readonly em: EntityManager,
    private readonly sessions: SessionsService,
    private readonly stepUp: StepUpService,
    private readonly registry: IdentityProvidersRegistry,
    private readonly events: IdentityEvents,
  ) {}

  list(userId: string): Promise<UserIdentity[]> {
    return this.em.fork().find(UserIdentity, { user: userId }, { orderBy: { linkedAt: 'asc', id: 'asc' } });
  }

  /**
   * The browser flow's `?link=1`, at its callback: links the provider account to the account whose
   * session asked (still live), unless it is linked to someone else or the account has another one
   * of this provider already. Linking it again to the same account changes nothing.
   */
  async link(request: LinkRequest, provider: IdentityProvider, profile: ProviderProfile, client: ClientInfo) {
    const session = await this.sessions.findLive(request.sessionId, request.userId);
    if (!session) throw new ProviderFlowError('signed_out');
    const linked = await this.em.transactional(async (em) => {
      const owner = await em.findOne(UserIdentity, { provider: provider.id, subject: profile.subject });
      if (owner) {
        if (owner.user.id === request.userId) return false;
        throw new ProviderFlowError('identity_in_use');
      }
      if (await em.count(UserIdentity, { user: request.userId, provider: provider.id })) {
        throw new ProviderFlowError('provider_already_linked');
      }
      em.create(UserIdentity, {
        user: request.userId,
        provider: provider.id,
        subject: profile.subject,
        email: profile.email?.slice(0, 254) ?? null,
      });
      return true;
    });
    if (!linked) return;
    const { user } = session;
    await this.events.linked({
      userId: user.id,
      email: user.email,
      provider: provider.id,
      label: provider.label,
      sessionId: request.sessionId,
      client,
    });
  }

  /**
   * Unlinks the viewer's account at `provider`, after a recent authentication, unless it is their
   * last way in: an account without a password, another identity or a passkey would be locked out.
   */
  async unlink(user: User, sessionId: string, provider: string, client: ClientInfo): Promise<void> {
    await this.stepUp.assertRecent(sessionId);
    await this.em.transactional(async (em) => {
      // The account's row, locked: two unlinks at once cannot each count the other's identity as the way left.
      const [account] = await em.execute<{ has_password: boolean }[]>(
        'select password_hash is not null as has_password from users where id = ? for update',
        [user.id],
      );
      const identity = await em.findOne(UserIdentity, { user: user.id, provider });
      if (!account || !identity) throw new NotFoundError('Linked account');
      const others = await em.count(UserIdentity, { user: user.id, provider: { $ne: provider } });
      // A passkey is a way in too.
      const [{ passkeys }] = await em.execute<{ passkeys: number }[]>(
        'select count(*)::int as passkeys from passkeys where user_id = ?',
        [user.id],
      );
      if (!account.has_password && others === 0 && passkeys === 0) throw new LastSignInMethodError();
      em.remove(identity);
    });
    await this.events.unlinked({
      userId: user.id,
      email: user.email,
      provider,
      label: this.registry.find(provider)?.label ?? provider,
      sessionId,
      client,
    });
  }
}
