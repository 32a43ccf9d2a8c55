import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { sha256Hex } from '../common/crypto/sha256';
import { TooManyRequestsError } from '../common/errors';
import { securityConfig, type SecurityConfig } from '../config';

const keyOf = (email: string) => sha256Hex(email);

// A failure streak this old is forgotten: one typo months after an attack starts from zero.
const STREAK_MEMORY = "interval '1 day'";

/**
 * Per-account brute-force backoff for every password check (login, changePassword, deleteAccount).
 * After LOGIN_BACKOFF_AFTER consecutive failures each further attempt must wait LOGIN_BACKOFF_BASE,
 * doubled per failure up to LOGIN_BACKOFF_MAX, before the password is even checked. A success
 * resets it; nothing locks an account for good. Kept in PostgreSQL, so every instance agrees.
 */
@Injectable()
export class LoginBackoffService implements OnModuleInit, OnModuleDestroy {
  private pruning?: NodeJS.Timeout;

  constructor(
    private readonly em: EntityManager,
    @Inject(securityConfig.KEY) private readonly config: SecurityConfig,
  ) {}

  /**
   * Claims one attempt for the (normalised) email before its password is checked: the attempt is
   * counted as a failure at once, in one atomic statement, so a burst of concurrent guesses cannot
   * all slip in before the first failure is recorded. Throws TOO_MANY_REQUESTS while it must wait.
   */
  async claimAttempt(email: string, em: EntityManager = this.em): Promise<void> {
    if (!this.config.rateLimitEnabled) return;
    const { after, baseMs, maxMs } = this.config.backoff;
    const key = keyOf(email);
    const claimed = await em.execute<{ failures: number }[]>(
      `insert into login_failures as f (email_hash, failures, last_failure_at, blocked_until)
         values (?, 1, clock_timestamp(), case when 1 >= ? then clock_timestamp() + least(?, ?) * interval '1 millisecond' end)
       on conflict (email_hash) do update set
         failures = case when f.last_failure_at < clock_timestamp() - ${STREAK_MEMORY} then 1 else f.failures + 1 end,
         last_failure_at = clock_timestamp(),
         blocked_until = case
           when f.last_failure_at < clock_timestamp() - ${STREAK_MEMORY} then
             case when 1 >= ? then clock_timestamp() + least(?, ?) * interval '1 millisecond' end
           when f.failures + 1 >= ? then clock_timestamp() + least(? * power(2, least(f.failures + 1 - ?, 40)), ?) * interval '1 millisecond'
         end
       where f.blocked_until is null or f.blocked_until <= clock_timestamp()
       returning failures`,
      [key, after, baseMs, maxMs, after, baseMs, maxMs, after, baseMs, after, maxMs],
    );
    if (claimed.length) return;
    const [row] = await em.execute<{ wait_ms: string | number }[]>(
      'select extract(epoch from (blocked_until - clock_timestamp())) * 1000 as wait_ms from login_failures where email_hash = ?',
      [key],
    );
    throw new TooManyRequestsError(Math.max(1, Math.ceil(Number(row?.wait_ms ?? 1000) / 1000)));
  }

  /** The password was right: the streak is over. */
  async recordSuccess(email: string, em: EntityManager = this.em): Promise<void> {
    if (!this.config.rateLimitEnabled) return;
    await em.execute('delete from login_failures where email_hash = ?', [keyOf(email)]);
  }

  onModuleInit(): void {
    // Hourly, so rows for addresses tried once (by attackers, say) do not pile up.
    this.pruning = setInterval(() => {
      this.prune().catch((error: unknown) =>
        new Logger(LoginBackoffService.name).warn(`pruning login_failures failed: ${String(error)}`),
      );
    }, 3_600_000).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.pruning);
  }

  /** Forgets streaks nobody has continued for a day (they would restart from zero anyway). */
  async prune(): Promise<void> {
    await this.em
      .fork()
      .getConnection()
      .execute(
        `delete from login_failures where last_failure_at < clock_timestamp() - ${STREAK_MEMORY} and (blocked_until is null or blocked_until < clock_timestamp())`,
      );
  }
}
