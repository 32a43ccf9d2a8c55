import { ApolloServerPluginLandingPageLocalDefault, ApolloServerPluginLandingPageProductionDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { join } from 'node:path';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { formatError, formatErrorHidingSuggestions, GraphQLExceptionFilter } from './common/errors';
import { validationPipe } from './common/validation';
import { appConfig, type AppConfig, authConfig, databaseConfig, mailConfig, securityConfig, type SecurityConfig, validateEnv } from './config';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { graphqlOutcomePlugin } from './logging/graphql-outcome.plugin';
import { LoggingModule } from './logging/logging.module';
import { graphqlLimits } from './security/graphql-limits';
import { RedisModule } from './redis/redis.module';
import { SecurityModule } from './security/security.module';
import { UsersModule } from './users/users.module';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, cache: false, load: [appConfig, authConfig, databaseConfig, mailConfig, securityConfig], validate: validateEnv }),
    LoggingModule,
    RedisModule,
    DatabaseModule,
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      inject: [appConfig.KEY, securityConfig.KEY],
      useFactory: (app: AppConfig, security: SecurityConfig) => {
        const limits = graphqlLimits(security, app.introspection);
        return {
        // Development writes the schema so it can be committed; production builds it in memory.
        autoSchemaFile: app.production ? true : join(process.cwd(), 'schema.gql'),
        sortSchema: true,
        playground: false,
        introspection: app.introspection,
        plugins: [
          app.production
            ? ApolloServerPluginLandingPageProductionDefault({ footer: false })
            : ApolloServerPluginLandingPageLocalDefault({ footer: false }),
          ...limits.plugins,
          graphqlOutcomePlugin,
        ],
        validationRules: limits.validationRules,
        parseOptions: limits.parseOptions,
        allowBatchedHttpRequests: false,
        includeStacktraceInErrorResponses: false,
        formatError: app.introspection ? formatError : formatErrorHidingSuggestions,
        context: ({ req, res }: { req: unknown; res: unknown }) => ({ req, res }),
        };
      },
    }),
    SecurityModule,
    AuditModule,
    UsersModule,
    AuthModule,
    HealthModule,
  ],
  providers: [
    { provide: APP_PIPE, useFactory: validationPipe },
    { provide: APP_FILTER, useClass: GraphQLExceptionFilter },
  ],
})
export class AppModule {}
