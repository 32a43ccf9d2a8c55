import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { AccountRecoveryModule } from '../account-recovery';
import { AuditModule } from '../audit';
import { MailModule } from '../mail';
import { SessionsModule } from '../sessions';
import { TokensModule } from '../tokens';
import { TwoFactorModule } from '../two-factor';
import { UsersModule } from '../users';
import { FlowCookie } from './flow/flow-cookie';
import { ProviderFlow } from './flow/provider-flow.entity';
import { ProviderFlowsService } from './flow/provider-flows.service';
import { SignedInViewer } from './flow/signed-in-viewer';
import { IdentitiesService } from './identities.service';
import { IdentityEvents } from './identity.events';
import { IdentityProvidersController } from './identity-providers.controller';
import { IdentityProvidersResolver } from './identity-providers.resolver';
import { IdentitySignIn } from './identity-sign-in.service';
import { IdentityProvidersRegistry } from './providers/identity-providers.registry';
import { UserIdentity } from './user-identity.entity';

/**
 * Signing in with an identity provider (OpenID Connect, Google, GitHub): the browser flow, the
 * linking rules, linked accounts. It proves who the person is its own way, then starts the session
 * through SessionIssuer (or two-factor's challenge), like every sign-in method.
 */
@Module({
  imports: [
    UsersModule,
    AuditModule,
    MailModule,
    TokensModule,
    SessionsModule,
    TwoFactorModule,
    AccountRecoveryModule,
    MikroOrmModule.forFeature([UserIdentity, ProviderFlow]),
  ],
  controllers: [IdentityProvidersController],
  providers: [
    IdentityProvidersRegistry,
    ProviderFlowsService,
    FlowCookie,
    SignedInViewer,
    IdentityEvents,
    IdentitySignIn,
    IdentitiesService,
    IdentityProvidersResolver,
  ],
})
export class IdentityProvidersModule {}
