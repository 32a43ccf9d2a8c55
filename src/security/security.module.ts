import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { Logger, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { securityConfig, type SecurityConfig } from '../config';
import { RedisConnection, RedisModule } from '../redis';
import { accessTokenOf, AuthCookies, TokensModule, TokensService } from '../tokens';
import { GqlThrottlerGuard } from './gql-throttler.guard';
import { RateLimitRegistry } from './rate-limit.registry';
import { throttlers, type ViewerOf } from './throttlers';

/** Who a request's access token names, checked exactly as the session guard checks it. */
const viewerOf =
  (tokens: TokensService, cookies: AuthCookies): ViewerOf =>
  (req) => {
    const given = req.headers
      ? accessTokenOf({ headers: req.headers, cookies: req.cookies }, cookies.accessName)
      : null;
    return given ? (tokens.readAccessToken(given.token)?.sub ?? null) : null;
  };

const logger = new Logger('Security');

/**
 * Rate limits, declared by each operation (@RateLimit, @CredentialMutation) and checked at start-up
 * (RateLimitRegistry). With REDIS_URL every instance shares one count (limits hold across
 * instances); without it they live in this process's memory. RATE_LIMIT_ENABLED=false turns them off.
 */
@Module({
  imports: [
    DiscoveryModule,
    ThrottlerModule.forRootAsync({
      imports: [RedisModule, TokensModule],
      inject: [securityConfig.KEY, RedisConnection, TokensService, AuthCookies],
      useFactory: (config: SecurityConfig, redis: RedisConnection, tokens: TokensService, cookies: AuthCookies) => {
        if (!config.rateLimitEnabled) logger.warn('RATE_LIMIT_ENABLED=false: rate limits and login backoff are OFF');
        else if (!config.redisUrl) logger.warn('REDIS_URL is not set: rate limits are kept per instance, in memory');
        if (config.trustProxy === true) {
          logger.warn(
            'TRUST_PROXY=true believes any X-Forwarded-For, forged or not: name the proxies (a hop count or subnets)',
          );
        }
        // Given a client it did not create, the storage leaves closing it to RedisConnection.
        const storage = redis.client ? new ThrottlerStorageRedisService(redis.client) : undefined;
        return { throttlers: throttlers(config, cookies.refreshName, viewerOf(tokens, cookies)), storage };
      },
    }),
  ],
  providers: [RateLimitRegistry, GqlThrottlerGuard],
  exports: [RateLimitRegistry, GqlThrottlerGuard],
})
export class SecurityModule {}
