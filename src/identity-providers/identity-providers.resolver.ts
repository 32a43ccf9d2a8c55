import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Client, type ClientInfo, Public } from '../common/decorators';
import { NoRateLimit } from '../security';
import { CurrentSessionId, CurrentUser } from '../sessions';
import { type User, UserModel } from '../users';
import { IdentitiesService } from './identities.service';
import { IdentityModel } from './models/identity.model';
import { SignInProviderModel } from './models/sign-in-provider.model';
import { IdentityProvidersRegistry } from './providers/identity-providers.registry';
import { ProviderArgs } from './dto/provider.args';

@Resolver(() => UserModel)
export class IdentityProvidersResolver {
  constructor(
    private readonly registry: IdentityProvidersRegistry,
    private readonly linked: IdentitiesService,
  ) {}

  @Public()
  // The configuration, read from memory: no database, no credential, nothing to guess.
  @NoRateLimit('lists the configured providers from memory')
  @Query(() => [SignInProviderModel], { description: 'The identity providers to offer on Log in and Sign up.' })
  signInProviders(): SignInProviderModel[] {
    return this.registry.all().map(({ id, label }) => ({ id, label, url: this.registry.startUrl(id) }));
  }

  @ResolveField(() => [IdentityModel], { description: "The identity providers' accounts linked to this user." })
  async identities(@Parent() user: User): Promise<IdentityModel[]> {
    const found = await this.linked.list(user.id);
    return found.map(({ provider, email, linkedAt }) => ({ provider, email: email ?? null, linkedAt }));
  }

  @Mutation(() => Boolean, {
    description:
      'Unlinks the account at `provider` (needs a recent authentication); refused (LAST_SIGN_IN_METHOD) when it is the only way in.',
  })
  async unlinkIdentity(
    @Args() { provider }: ProviderArgs,
    @CurrentUser() user: User,
    @CurrentSessionId() sessionId: string,
    @Client() client: ClientInfo,
  ): Promise<boolean> {
    await this.linked.unlink(user, sessionId, provider, client);
    return true;
  }
}
