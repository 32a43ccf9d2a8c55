import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { Logger, Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { cookieNames } from '../auth/transport/auth-cookies';
import { authConfig, type AuthConfig, securityConfig, type SecurityConfig } from '../config';
import { throttlers } from './throttlers';

const logger = new Logger('Security');

/**
 * Rate limits. With REDIS_URL every instance shares one count (limits hold across instances);
 * without it they live in this process's memory. RATE_LIMIT_ENABLED=false turns them off.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [securityConfig.KEY, authConfig.KEY],
      useFactory: (config: SecurityConfig, auth: AuthConfig) => {
        if (!config.rateLimitEnabled) logger.warn('RATE_LIMIT_ENABLED=false: rate limits and login backoff are OFF');
        else if (!config.redisUrl) logger.warn('REDIS_URL is not set: rate limits are kept per instance, in memory');
        if (config.trustProxy === true) {
          logger.warn('TRUST_PROXY=true believes any X-Forwarded-For, forged or not: name the proxies (a hop count or subnets)');
        }
        const storage = config.redisUrl
          ? new ThrottlerStorageRedisService(config.redisUrl, { maxRetriesPerRequest: 1, commandTimeout: 2000, connectTimeout: 2000 })
          : undefined;
        // ioredis reports a lost connection as an 'error' event: log it once per outage, not per retry.
        let down = false;
        storage?.redis.on('error', (error: Error) => {
          if (!down) logger.error(`Redis unreachable: ${error.message}`);
          down = true;
        });
        storage?.redis.on('ready', () => (down = false));
        return {
          throttlers: throttlers(config, cookieNames(auth.cookieSecure).refresh),
          // Bounded retries: with Redis down a limited mutation fails closed within seconds, never hangs.
          storage,
        };
      },
    }),
  ],
})
export class SecurityModule {}
