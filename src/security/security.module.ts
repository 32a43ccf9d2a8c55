import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { Logger, Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { securityConfig, type SecurityConfig } from '../config';
import { throttlers } from './throttlers';

const logger = new Logger('Security');

/**
 * Rate limits. With REDIS_URL every instance shares one count (limits hold across instances);
 * without it they live in this process's memory. RATE_LIMIT_ENABLED=false turns them off.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [securityConfig.KEY],
      useFactory: (config: SecurityConfig) => {
        if (!config.rateLimitEnabled) logger.warn('RATE_LIMIT_ENABLED=false: rate limits and login backoff are OFF');
        else if (!config.redisUrl) logger.warn('REDIS_URL is not set: rate limits are kept per instance, in memory');
        return {
          throttlers: throttlers(config),
          // Bounded retries: with Redis down a limited mutation fails closed within seconds, never hangs.
          storage: config.redisUrl
            ? new ThrottlerStorageRedisService(config.redisUrl, { maxRetriesPerRequest: 1, commandTimeout: 2000, connectTimeout: 2000 })
            : undefined,
        };
      },
    }),
  ],
})
export class SecurityModule {}
