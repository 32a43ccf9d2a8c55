import { UseInterceptors } from '@nestjs/common';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Client, type ClientInfo } from '../common/decorators';
import { CredentialMutation, Limit } from '../security';
import { CurrentSessionId, CurrentUser } from '../sessions';
import { AuthPayloadModel, ClearCookiesInterceptor, TokenCookiesInterceptor } from '../tokens';
import type { User } from '../users';
import { AccountService } from './account.service';
import { ChangePasswordInput } from './dto/change-password.input';
import { PasswordChangeService } from './password-change.service';

/** Operations on the viewer's own credentials; each asks for the current password again. */
@Resolver()
export class AccountResolver {
  constructor(
    private readonly passwordChange: PasswordChangeService,
    private readonly account: AccountService,
  ) {}

  @CredentialMutation(Limit.CREDENTIAL_PER_IP)
  @UseInterceptors(TokenCookiesInterceptor)
  @Mutation(() => AuthPayloadModel, {
    description: 'Sets a new password, ends every other session, and returns fresh tokens.',
  })
  changePassword(
    @CurrentUser() user: User,
    @CurrentSessionId() sessionId: string,
    @Args('input') input: ChangePasswordInput,
    @Client() client: ClientInfo,
  ): Promise<AuthPayloadModel> {
    return this.passwordChange.change(user, sessionId, input, client);
  }

  @CredentialMutation(Limit.CREDENTIAL_PER_IP)
  @UseInterceptors(ClearCookiesInterceptor)
  @Mutation(() => Boolean, { description: 'Removes the account and every session of it.' })
  deleteAccount(
    @CurrentUser() user: User,
    @CurrentSessionId() sessionId: string,
    @Args('password') password: string,
    @Client() client: ClientInfo,
  ): Promise<boolean> {
    return this.account.delete(user, sessionId, password, client);
  }
}
