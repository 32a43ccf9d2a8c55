import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import Redis from 'ioredis';
import { securityConfig, type SecurityConfig } from '../config';

/** Pings the Redis that holds the shared rate limits, when there is one. */
@Injectable()
export class RedisHealthIndicator implements OnModuleDestroy {
  private readonly redis?: Redis;

  constructor(
    private readonly health: HealthIndicatorService,
    @Inject(securityConfig.KEY) config: SecurityConfig,
  ) {
    // Its own connection, made lazily and never retried forever: a health check must answer.
    if (config.redisUrl) this.redis = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
  }

  get configured(): boolean {
    return this.redis !== undefined;
  }

  async pingCheck(key: string, timeoutMs: number) {
    const indicator = this.health.check(key);
    try {
      if (this.redis!.status === 'wait' || this.redis!.status === 'end') await this.redis!.connect();
      await Promise.race([this.redis!.ping(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs).unref())]);
      return indicator.up();
    } catch {
      return indicator.down({ message: 'Redis did not answer' });
    }
  }

  onModuleDestroy(): void {
    this.redis?.disconnect();
  }
}
