import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { AccountModule } from './account';
import { AccountRecoveryModule } from './account-recovery';
import { AuditModule } from './audit';
import { AuthModule } from './auth';
import { GraphQLExceptionFilter } from './common/errors';
import { validationPipe } from './common/validation';
import {
  appConfig,
  type AppConfig,
  authConfig,
  databaseConfig,
  identityProvidersConfig,
  mailConfig,
  securityConfig,
  type SecurityConfig,
  webauthnConfig,
} from './config';
import { DatabaseModule } from './database';
import { HealthModule } from './health';
import { IdentityProvidersModule } from './identity-providers';
import { PasskeysModule } from './passkeys';
import { graphqlOptions } from './graphql.options';
import { LoggingModule } from './logging';
import { RedisModule } from './redis';
import { GqlThrottlerGuard, RateLimitRegistry, SecurityModule } from './security';
import { SessionAuthGuard, SessionsModule } from './sessions';
import { TwoFactorModule } from './two-factor';

@Module({
  imports: [
    ConfigModule.forRoot({
      isGlobal: true,
      cache: false,
      load: [
        appConfig,
        authConfig,
        databaseConfig,
        mailConfig,
        securityConfig,
        identityProvidersConfig,
        webauthnConfig,
      ],
    }),
    LoggingModule,
    RedisModule,
    DatabaseModule,
    SecurityModule,
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      imports: [SecurityModule],
      inject: [appConfig.KEY, securityConfig.KEY, RateLimitRegistry],
      useFactory: (app: AppConfig, security: SecurityConfig, registry: RateLimitRegistry) =>
        graphqlOptions(app, security, registry),
    }),
    AuditModule,
    SessionsModule,
    AuthModule,
    AccountModule,
    AccountRecoveryModule,
    TwoFactorModule,
    IdentityProvidersModule,
    PasskeysModule,
    HealthModule,
  ],
  providers: [
    { provide: APP_PIPE, useFactory: validationPipe },
    { provide: APP_FILTER, useClass: GraphQLExceptionFilter },
    // Global guards run in this order: rate limits first, so nothing over a limit reaches a session
    // lookup or bcrypt; then the session check (every operation needs a live session unless @Public).
    { provide: APP_GUARD, useExisting: GqlThrottlerGuard },
    { provide: APP_GUARD, useExisting: SessionAuthGuard },
  ],
})
export class AppModule {}
