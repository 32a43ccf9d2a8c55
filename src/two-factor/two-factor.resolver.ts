import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Client, type ClientInfo } from '../common/decorators';
import { CredentialMutation, Limit } from '../security';
import { CurrentSessionId, CurrentUser } from '../sessions';
import type { User } from '../users';
import { CodeArgs } from './dto/two-factor.args';
import { RecoveryCodesModel } from './models/recovery-codes.model';
import { TwoFactorSetupModel } from './models/two-factor-setup.model';
import { TwoFactorService } from './two-factor.service';

/** The signed-in person's second factor: each of these sets or checks a credential, so each is limited per IP. */
@Resolver()
export class TwoFactorResolver {
  constructor(private readonly twoFactor: TwoFactorService) {}

  @CredentialMutation(Limit.CREDENTIAL_PER_IP)
  @Mutation(() => TwoFactorSetupModel, {
    description: 'A new authenticator secret, not on until confirmed; needs a recent authentication.',
  })
  startTwoFactorSetup(@CurrentUser() user: User, @CurrentSessionId() sessionId: string): Promise<TwoFactorSetupModel> {
    return this.twoFactor.startSetup(user, sessionId);
  }

  @CredentialMutation(Limit.CREDENTIAL_PER_IP)
  @Mutation(() => RecoveryCodesModel, {
    description: 'Turns two-factor on with a first code from the app, and ends every other session.',
  })
  confirmTwoFactorSetup(
    @CurrentUser() user: User,
    @CurrentSessionId() sessionId: string,
    @Args() { code }: CodeArgs,
    @Client() client: ClientInfo,
  ): Promise<RecoveryCodesModel> {
    return this.twoFactor.confirmSetup(user, sessionId, code, client);
  }

  @CredentialMutation(Limit.CREDENTIAL_PER_IP)
  @Mutation(() => Boolean, { description: 'Turns two-factor off; needs a recent authentication and a code.' })
  disableTwoFactor(
    @CurrentUser() user: User,
    @CurrentSessionId() sessionId: string,
    @Args() { code }: CodeArgs,
    @Client() client: ClientInfo,
  ): Promise<boolean> {
    return this.twoFactor.disable(user, sessionId, code, client);
  }

  @CredentialMutation(Limit.CREDENTIAL_PER_IP)
  @Mutation(() => RecoveryCodesModel, {
    description: 'New recovery codes (the old ones stop working); needs a recent authentication and a code.',
  })
  regenerateRecoveryCodes(
    @CurrentUser() user: User,
    @CurrentSessionId() sessionId: string,
    @Args() { code }: CodeArgs,
    @Client() client: ClientInfo,
  ): Promise<RecoveryCodesModel> {
    return this.twoFactor.regenerateRecoveryCodes(user, sessionId, code, client);
  }
}
