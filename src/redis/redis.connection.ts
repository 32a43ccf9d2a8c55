import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { securityConfig, type SecurityConfig } from '../config';

/**
 * The one Redis connection (when REDIS_URL is set), shared by the rate limits and the health check.
 * Closed only after the HTTP server has drained, so requests finishing during a shutdown can still
 * be counted. Bounded retries: with Redis down a command fails within seconds, never hangs.
 */
@Injectable()
export class RedisConnection implements OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  readonly client?: Redis;
  private down = false;

  constructor(@Inject(securityConfig.KEY) config: SecurityConfig) {
    if (!config.redisUrl) return;
    this.client = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, commandTimeout: 2000, connectTimeout: 2000 });
    // ioredis reports a lost connection as 'error' events, one per retry: log one per outage.
    this.client.on('error', (error: Error) => {
      if (!this.down) this.logger.error(`Redis unreachable: ${error.message}`);
      this.down = true;
    });
    this.client.on('ready', () => (this.down = false));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client?.quit().catch(() => this.client?.disconnect());
  }
}
