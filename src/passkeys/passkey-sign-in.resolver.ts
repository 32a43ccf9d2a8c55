import { UseInterceptors } from '@nestjs/common';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Client, type ClientInfo, Public } from '../common/decorators';
import { CredentialMutation, Limit } from '../security';
import { AuthPayloadModel, TokenCookiesInterceptor } from '../tokens';
import { PasskeyResponseArgs, StartPasskeyLoginArgs } from './dto/passkey.args';
import { PasskeyChallengeModel } from './models/passkey-challenge.model';
import { PasskeyLogin } from './passkey-login.service';

/** Signing in with a passkey: both steps are public, so both are limited per IP. */
@Resolver()
export class PasskeySignInResolver {
  constructor(private readonly login: PasskeyLogin) {}

  @Public()
  @CredentialMutation(Limit.CREDENTIAL_PER_IP)
  @Mutation(() => PasskeyChallengeModel, {
    description:
      'Options to sign in with a passkey; the same answer whether or not the email has an account or passkeys.',
  })
  startPasskeyLogin(@Args() { email }: StartPasskeyLoginArgs): Promise<PasskeyChallengeModel> {
    return this.login.start(email);
  }

  @Public()
  @CredentialMutation(Limit.CREDENTIAL_PER_IP)
  @UseInterceptors(TokenCookiesInterceptor)
  @Mutation(() => AuthPayloadModel, {
    description: "Signs in with the browser's passkey answer to a startPasskeyLogin challenge.",
  })
  finishPasskeyLogin(
    @Args() { challenge, response }: PasskeyResponseArgs,
    @Client() client: ClientInfo,
  ): Promise<AuthPayloadModel> {
    return this.login.finish(challenge, response, client);
  }
}
