import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { TooManyRequestsError } from '../common/errors';
import { securityConfig, type SecurityConfig } from '../config';

const keyOf = (email: string) => createHash('sha256').update(email, 'utf8').digest('hex');

/**
 * Per-account brute-force backoff. After LOGIN_BACKOFF_AFTER consecutive failures, each further
 * attempt must wait LOGIN_BACKOFF_BASE doubled per failure (at most LOGIN_BACKOFF_MAX) before the
 * password is even checked. A success resets it; nothing ever locks an account for good. Kept in
 * PostgreSQL, so every instance sees the same count.
 */
@Injectable()
export class LoginBackoffService {
  constructor(
    private readonly em: EntityManager,
    @Inject(securityConfig.KEY) private readonly config: SecurityConfig,
  ) {}

  /** Throws TOO_MANY_REQUESTS while the address must wait. `email` is normalised. */
  async assertMayTry(email: string): Promise<void> {
    if (!this.config.rateLimitEnabled) return;
    const [row] = await this.em.execute<{ wait_ms: string | number | null }[]>(
      'select extract(epoch from (blocked_until - clock_timestamp())) * 1000 as wait_ms from login_failures where email_hash = ? and blocked_until > clock_timestamp()',
      [keyOf(email)],
    );
    if (row) throw new TooManyRequestsError(Math.max(1, Math.ceil(Number(row.wait_ms) / 1000)));
  }

  async recordFailure(email: string): Promise<void> {
    if (!this.config.rateLimitEnabled) return;
    const { after, baseMs, maxMs } = this.config.backoff;
    const key = keyOf(email);
    await this.em.execute('insert into login_failures (email_hash, failures, last_failure_at) values (?, 0, clock_timestamp()) on conflict (email_hash) do nothing', [key]);
    await this.em.execute(
      `update login_failures set failures = failures + 1, last_failure_at = clock_timestamp(),
         blocked_until = case when failures + 1 >= ? then clock_timestamp() + least(? * power(2, least(failures + 1 - ?, 40)), ?) * interval '1 millisecond' end
       where email_hash = ?`,
      [after, baseMs, after, maxMs, key],
    );
  }

  async recordSuccess(email: string): Promise<void> {
    if (!this.config.rateLimitEnabled) return;
    await this.em.execute('delete from login_failures where email_hash = ?', [keyOf(email)]);
  }
}
