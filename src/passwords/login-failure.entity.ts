import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Consecutive failed logins for one email address, account or not (so the backoff reveals nothing).
 * Keyed by the SHA-256 of the normalised email: attacker-chosen addresses are not stored as text.
 */
@Entity({ tableName: 'login_failures' })
export class LoginFailure {
  @PrimaryKey({ type: 'string', length: 64 })
  emailHash!: string;

  @Property({ type: 'integer' })
  failures!: number;

  @Property({ type: 'datetime', nullable: true })
  blockedUntil?: Date | null;

  @Property({ type: 'datetime' })
  lastFailureAt!: Date;
}
