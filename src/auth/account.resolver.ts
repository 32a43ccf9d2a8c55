import { UseInterceptors } from '@nestjs/common';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Client, type ClientInfo, CurrentSessionId, CurrentUser } from '../common/decorators';
import type { User } from '../users/user.entity';
import { AuthService } from './auth.service';
import { ChangePasswordInput } from './dto/change-password.input';
import { AuthPayloadModel } from './models/auth-payload.model';
import { ClearCookiesInterceptor, TokenCookiesInterceptor } from './transport/cookie-transport.interceptors';

/** Operations on the viewer's own credentials; each asks for the current password again. */
@Resolver()
export class AccountResolver {
  constructor(private readonly auth: AuthService) {}

  @UseInterceptors(TokenCookiesInterceptor)
  @Mutation(() => AuthPayloadModel, { description: 'Sets a new password, ends every other session, and returns fresh tokens.' })
  changePassword(
    @CurrentUser() user: User,
    @CurrentSessionId() sessionId: string,
    @Args('input') input: ChangePasswordInput,
    @Client() client: ClientInfo,
  ): Promise<AuthPayloadModel> {
    return this.auth.changePassword(user, sessionId, input, client);
  }

  @UseInterceptors(ClearCookiesInterceptor)
  @Mutation(() => Boolean, { description: 'Removes the account and every session of it.' })
  deleteAccount(
    @CurrentUser() user: User,
    @CurrentSessionId() sessionId: string,
    @Args('password') password: string,
    @Client() client: ClientInfo,
  ): Promise<boolean> {
    return this.auth.deleteAccount(user, sessionId, password, client);
  }
}
