import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, MikroOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../common/decorators';
import { NoRateLimit } from '../security';
import { RedisHealthIndicator } from './redis.health';

const CHECK_TIMEOUT_MS = 2000;

@Public()
// Probes from the orchestrator and load balancer: they must answer whatever the load, and cost nothing.
@NoRateLimit('health probes')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: MikroOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
  ) {}

  /** The process is up and serving HTTP. */
  @Get('live')
  live() {
    return { status: 'ok' };
  }

  /** The database answers (and Redis, when configured); 503 otherwise. */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.database.pingCheck('database', { timeout: CHECK_TIMEOUT_MS }),
      ...(this.redis.configured ? [() => this.redis.pingCheck('redis', CHECK_TIMEOUT_MS)] : []),
    ]);
  }
}
