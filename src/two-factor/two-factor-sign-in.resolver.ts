import { UseInterceptors } from '@nestjs/common';
import { Args, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Client, type ClientInfo, Public } from '../common/decorators';
import { CredentialMutation, Limit } from '../security';
import { CurrentSessionId, CurrentUser } from '../sessions';
import { AuthPayloadModel, TokenCookiesInterceptor } from '../tokens';
import { type User, UserModel } from '../users';
import { TwoFactorChallenges } from './challenges.service';
import { ReauthenticateArgs, VerifyTwoFactorArgs } from './dto/two-factor.args';
import { SecondFactorService } from './second-factor.service';
import { StepUpService } from './step-up.service';

/** Proving who one is with the second factor: finishing a login, renewing a step-up, and whether it is on. */
@Resolver(() => UserModel)
export class TwoFactorSignInResolver {
  constructor(
    private readonly challenges: TwoFactorChallenges,
    private readonly stepUp: StepUpService,
    private readonly secondFactor: SecondFactorService,
  ) {}

  @Public()
  @CredentialMutation(Limit.CREDENTIAL_PER_IP)
  @UseInterceptors(TokenCookiesInterceptor)
  @Mutation(() => AuthPayloadModel, {
    description:
      "Finishes a login that answered TWO_FACTOR_REQUIRED: its challenge and the app's code or a recovery code.",
  })
  verifyTwoFactor(
    @Args() { challenge, code }: VerifyTwoFactorArgs,
    @Client() client: ClientInfo,
  ): Promise<AuthPayloadModel> {
    return this.challenges.verify(challenge, code, client);
  }

  @CredentialMutation(Limit.CREDENTIAL_PER_IP)
  @Mutation(() => Date, {
    description:
      'Step-up: the password (and a code while two-factor is on) again; answers when the renewed window ends.',
  })
  reauthenticate(
    @CurrentUser() user: User,
    @CurrentSessionId() sessionId: string,
    @Args() { password, code }: ReauthenticateArgs,
    @Client() client: ClientInfo,
  ): Promise<Date> {
    return this.stepUp.reauthenticate(user, sessionId, password, code, client);
  }

  @ResolveField(() => Boolean, { description: 'Whether signing in takes a second factor.' })
  twoFactorEnabled(@Parent() user: User): Promise<boolean> {
    return this.secondFactor.isEnabled(user.id);
  }
}
