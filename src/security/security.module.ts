import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { Logger, Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { JwtService } from '@nestjs/jwt';
import { jwtOptions } from '../auth/jwt.options';
import { readAccessClaims } from '../auth/tokens.service';
import { accessTokenOf } from '../auth/transport/access-token';
import { cookieNames } from '../auth/transport/auth-cookies';
import { authConfig, type AuthConfig, securityConfig, type SecurityConfig } from '../config';
import { RedisConnection } from '../redis/redis.connection';
import { RedisModule } from '../redis/redis.module';
import { throttlers, type ViewerOf } from './throttlers';

/** Who a request's access token names, checked exactly as the session guard checks it. */
const viewerOf = (jwt: JwtService, accessCookie: string): ViewerOf => (req) => {
  const given = req.headers ? accessTokenOf({ headers: req.headers, cookies: req.cookies }, accessCookie) : null;
  return given ? (readAccessClaims(jwt, given.token)?.sub ?? null) : null;
};

const logger = new Logger('Security');

/**
 * Rate limits. With REDIS_URL every instance shares one count (limits hold across instances);
 * without it they live in this process's memory. RATE_LIMIT_ENABLED=false turns them off.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      imports: [RedisModule],
      inject: [securityConfig.KEY, authConfig.KEY, RedisConnection],
      useFactory: (config: SecurityConfig, auth: AuthConfig, redis: RedisConnection) => {
        if (!config.rateLimitEnabled) logger.warn('RATE_LIMIT_ENABLED=false: rate limits and login backoff are OFF');
        else if (!config.redisUrl) logger.warn('REDIS_URL is not set: rate limits are kept per instance, in memory');
        if (config.trustProxy === true) {
          logger.warn('TRUST_PROXY=true believes any X-Forwarded-For, forged or not: name the proxies (a hop count or subnets)');
        }
        // Given a client it did not create, the storage leaves closing it to RedisConnection.
        const storage = redis.client ? new ThrottlerStorageRedisService(redis.client) : undefined;
        const cookies = cookieNames(auth.cookieSecure);
        return {
          throttlers: throttlers(config, cookies.refresh, viewerOf(new JwtService(jwtOptions(auth)), cookies.access)),
          storage,
        };
      },
    }),
  ],
})
export class SecurityModule {}
