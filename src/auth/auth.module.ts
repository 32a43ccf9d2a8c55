import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { createSecretKey } from 'node:crypto';
import { authConfig, type AuthConfig } from '../config';
import { UsersModule } from '../users/users.module';
import { AccountResolver } from './account.resolver';
import { AuthResolver } from './auth.resolver';
import { AuthService } from './auth.service';
import { LocalAuthGuard } from './guards/local-auth.guard';
import { GqlThrottlerGuard } from '../security/gql-throttler.guard';
import { SessionAuthGuard } from './guards/session-auth.guard';
import { LoginBackoffService } from './login-backoff.service';
import { LoginFailure } from './login-failure.entity';
import { PasswordPolicy } from './password.policy';
import { PasswordHasher } from './password.hasher';
import { RefreshToken } from './refresh-token.entity';
import { RefreshTokensService } from './refresh-tokens.service';
import { Session } from './session.entity';
import { SessionsResolver } from './sessions.resolver';
import { SessionsService } from './sessions.service';
import { LocalStrategy } from './strategies/local.strategy';
import { TokensService } from './tokens.service';
import { AuthCookies } from './transport/auth-cookies';

@Module({
  imports: [
    UsersModule,
    PassportModule,
    MikroOrmModule.forFeature([Session, RefreshToken, LoginFailure]),
    JwtModule.registerAsync({
      inject: [authConfig.KEY],
      useFactory: (config: AuthConfig) => ({
        // A KeyObject: given a string, jsonwebtoken first tries (slowly) to parse it as a PEM key.
        secret: createSecretKey(Buffer.from(config.jwtSecret, 'utf8')),
        signOptions: { algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  providers: [
    AuthResolver,
    AccountResolver,
    SessionsResolver,
    AuthService,
    SessionsService,
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
