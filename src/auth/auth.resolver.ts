import { UseGuards, UseInterceptors } from '@nestjs/common';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Client, type ClientInfo, Public } from '../common/decorators';
import { UnauthenticatedError } from '../common/errors';
import { CredentialMutation, Limit } from '../security';
import { CurrentSessionId, CurrentUser } from '../sessions';
import { AuthCookies, AuthPayloadModel, type Cookies, RequestCookies, TokenCookiesInterceptor } from '../tokens';
import type { User } from '../users';
import { LoginInput } from './dto/login.input';
import { LogoutScope } from './dto/logout-scope.enum';
import { SignupInput } from './dto/signup.input';
import { LocalAuthGuard } from './local-auth.guard';
import { LoginService, type SignedIn } from './login.service';
import { LogoutCookiesInterceptor } from './logout-cookies.interceptor';
import { SignedInWith } from './signed-in.decorator';
import { SignupService } from './signup.service';

@Resolver()
export class AuthResolver {
  constructor(
    private readonly signups: SignupService,
    private readonly logins: LoginService,
    private readonly cookies: AuthCookies,
  ) {}

  @Public()
  @CredentialMutation(Limit.SIGNUP_PER_IP)
  @UseInterceptors(TokenCookiesInterceptor)
  @Mutation(() => AuthPayloadModel, { description: 'Creates an account and signs it in.' })
  signup(@Args('input') input: SignupInput, @Client() client: ClientInfo): Promise<AuthPayloadModel> {
    return this.signups.signup(input, client);
  }

  @Public()
  @CredentialMutation(Limit.LOGIN_PER_EMAIL, Limit.CREDENTIAL_PER_IP)
  @UseGuards(LocalAuthGuard)
  @UseInterceptors(TokenCookiesInterceptor)
  @Mutation(() => AuthPayloadModel, { description: 'Checks the credentials and starts a new session.' })
  login(@Args('input') _input: LoginInput, @SignedInWith() signedIn: SignedIn): AuthPayloadModel {
    // The local strategy has checked the password and started the session, in one transaction.
    return signedIn.payload;
  }

  @Public()
  @CredentialMutation(Limit.REFRESH_PER_SESSION, Limit.REFRESH_PER_IP)
  @UseInterceptors(TokenCookiesInterceptor)
  @Mutation(() => AuthPayloadModel, {
    description: 'Spends a refresh token (the argument, or else the refresh cookie) for new tokens.',
  })
  refreshToken(
    @Args('token', { type: () => String, nullable: true }) token: string | null,
    @RequestCookies() cookies: Cookies,
    @Client() client: ClientInfo,
  ): Promise<AuthPayloadModel> {
    const given = token ?? this.cookies.refreshToken(cookies);
    if (!given) throw new UnauthenticatedError('Refresh token required');
    return this.logins.refresh(given, client);
  }

  @UseInterceptors(LogoutCookiesInterceptor)
  @Mutation(() => Boolean, { description: 'Ends sessions at once, on every instance: this one by default.' })
  logout(
    @CurrentUser() user: User,
    @CurrentSessionId() sessionId: string,
    @Args('scope', { type: () => LogoutScope, nullable: true, defaultValue: LogoutScope.CURRENT })
    scope: LogoutScope | null,
    @Client() client: ClientInfo,
  ): Promise<boolean> {
    return this.logins.logout(user, sessionId, scope ?? LogoutScope.CURRENT, client);
  }
}
