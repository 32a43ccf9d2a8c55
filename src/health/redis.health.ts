import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { RedisConnection } from '../redis';

/** Pings the Redis that holds the shared rate limits, when there is one. */
@Injectable()
export class RedisHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly redis: RedisConnection,
  ) {}

  get configured(): boolean {
    return this.redis.client !== undefined;
  }

  async pingCheck(key: string, timeoutMs: number) {
    const indicator = this.health.check(key);
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), timeoutMs)));
      await Promise.race([this.redis.client!.ping(), timeout]);
      return indicator.up();
    } catch {
      return indicator.down({ message: 'Redis did not answer' });
    } finally {
      clearTimeout(timer);
    }
  }
}
