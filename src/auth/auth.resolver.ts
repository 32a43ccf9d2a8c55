import { UseGuards } from '@nestjs/common';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Client, type ClientInfo, CurrentSessionId, CurrentUser, Public } from '../common/decorators';
import type { User } from '../users/user.entity';
import { AuthService } from './auth.service';
import { LoginInput } from './dto/login.input';
import { SignupInput } from './dto/signup.input';
import { LocalAuthGuard } from './guards/local-auth.guard';
import { AuthPayloadModel } from './models/auth-payload.model';

@Resolver()
export class AuthResolver {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Mutation(() => AuthPayloadModel, { description: 'Creates an account and signs it in.' })
  signup(@Args('input') input: SignupInput, @Client() client: ClientInfo): Promise<AuthPayloadModel> {
    return this.auth.signup(input, client);
  }

  @Public()
  @UseGuards(LocalAuthGuard)
  @Mutation(() => AuthPayloadModel, { description: 'Checks the credentials and starts a new session.' })
  login(@Args('input') _input: LoginInput, @CurrentUser() user: User, @Client() client: ClientInfo): Promise<AuthPayloadModel> {
    return this.auth.login(user, client);
  }

  @Mutation(() => Boolean, { description: 'Ends the current session at once, on every instance.' })
  logout(@CurrentSessionId() sessionId: string): Promise<boolean> {
    return this.auth.logout(sessionId);
  }
}
