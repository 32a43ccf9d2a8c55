import { UnauthorizedException, UseGuards, UseInterceptors } from '@nestjs/common';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Client, type ClientInfo, CredentialsUser, CurrentSessionId, CurrentUser, Public } from '../common/decorators';
import type { User } from '../users/user.entity';
import { AuthService } from './auth.service';
import { LoginInput } from './dto/login.input';
import { LogoutScope } from './dto/logout-scope.enum';
import { SignupInput } from './dto/signup.input';
import { LocalAuthGuard } from './guards/local-auth.guard';
import { AuthPayloadModel } from './models/auth-payload.model';
import { ClearCookiesInterceptor, TokenCookiesInterceptor } from './transport/cookie-transport.interceptors';
import { AuthCookies, type Cookies } from './transport/auth-cookies';
import { RequestCookies } from './transport/request-cookies.decorator';

@Resolver()
export class AuthResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly cookies: AuthCookies,
  ) {}

  @Public()
  @UseInterceptors(TokenCookiesInterceptor)
  @Mutation(() => AuthPayloadModel, { description: 'Creates an account and signs it in.' })
  signup(@Args('input') input: SignupInput, @Client() client: ClientInfo): Promise<AuthPayloadModel> {
    return this.auth.signup(input, client);
  }

  @Public()
  @UseGuards(LocalAuthGuard)
  @UseInterceptors(TokenCookiesInterceptor)
  @Mutation(() => AuthPayloadModel, { description: 'Checks the credentials and starts a new session.' })
  login(@Args('input') _input: LoginInput, @CredentialsUser() user: User, @Client() client: ClientInfo): Promise<AuthPayloadModel> {
    return this.auth.login(user, client);
  }

  @Public()
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
    if (!given) throw new UnauthorizedException('Refresh token required');
    return this.auth.refresh(given, client);
  }

  @UseInterceptors(ClearCookiesInterceptor)
  @Mutation(() => Boolean, { description: 'Ends sessions at once, on every instance: this one by default.' })
  logout(
    @CurrentUser() user: User,
    @CurrentSessionId() sessionId: string,
    @Args('scope', { type: () => LogoutScope, nullable: true, defaultValue: LogoutScope.CURRENT }) scope: LogoutScope | null,
    @Client() client: ClientInfo,
  ): Promise<boolean> {
    return this.auth.logout(user, sessionId, scope ?? LogoutScope.CURRENT, client);
  }
}
