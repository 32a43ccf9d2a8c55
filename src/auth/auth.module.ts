import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { authConfig } from '../config';
import { MailModule } from '../mail/mail.module';
import { UsersModule } from '../users/users.module';
import { AccountResolver } from './account.resolver';
import { AuthResolver } from './auth.resolver';
import { AuthService } from './auth.service';
import { EmailLinksResolver } from './email/email-links.resolver';
import { EmailToken } from './email/email-token.entity';
import { EmailTokensService } from './email/email-tokens.service';
import { EmailVerificationService } from './email/email-verification.service';
import { PasswordResetService } from './email/password-reset.service';
import { LocalAuthGuard } from './guards/local-auth.guard';
import { jwtOptions } from './jwt.options';
import { GqlThrottlerGuard } from '../security/gql-throttler.guard';
import { SessionAuthGuard } from './guards/session-auth.guard';
import { LoginBackoffService } from './login-backoff.service';
import { LoginFailure } from './login-failure.entity';
import { PasswordPolicy } from './password.policy';
import { PasswordHasher } from './password.hasher';
import { RefreshToken } from './refresh-token.entity';
import { RefreshTokensService } from './refresh-tokens.service';
import { Session } from './session.entity';
import { SessionCacheModule } from './session-cache.module';
import { SessionInvalidationListener } from './session-invalidation.listener';
import { SessionsResolver } from './sessions.resolver';
import { SessionsService } from './sessions.service';
import { LocalStrategy } from './strategies/local.strategy';
import { TokensService } from './tokens.service';
import { AuthCookies } from './transport/auth-cookies';

@Module({
  imports: [
    UsersModule,
    SessionCacheModule,
    MailModule,
    PassportModule,
    MikroOrmModule.forFeature([Session, RefreshToken, LoginFailure, EmailToken]),
    JwtModule.registerAsync({
      inject: [authConfig.KEY],
      useFactory: jwtOptions,
    }),
  ],
  providers: [
    AuthResolver,
    AccountResolver,
    SessionsResolver,
    EmailLinksResolver,
    AuthService,
    EmailTokensService,
    EmailVerificationService,
    PasswordResetService,
    SessionsService,
    SessionInvalidationListener,
    RefreshTokensService,
    AuthCookies,
    TokensService,
    PasswordHasher,
    LocalStrategy,
    LocalAuthGuard,
    PasswordPolicy,
    LoginBackoffService,
    // Global guards run in this order: rate limits first, so nothing over a limit reaches a session
    // lookup or bcrypt; then the session check.
    { provide: APP_GUARD, useClass: GqlThrottlerGuard },
    { provide: APP_GUARD, useClass: SessionAuthGuard },
  ],
})
export class AuthModule {}
