import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

export enum AuthEventType {
  SIGNUP = 'SIGNUP',
  LOGIN_SUCCEEDED = 'LOGIN_SUCCEEDED',
  LOGIN_FAILED = 'LOGIN_FAILED',
  LOGOUT = 'LOGOUT',
  REFRESH_REUSE_DETECTED = 'REFRESH_REUSE_DETECTED',
  SESSION_REVOKED = 'SESSION_REVOKED',
  PASSWORD_CHANGED = 'PASSWORD_CHANGED',
  ACCOUNT_DELETED = 'ACCOUNT_DELETED',
  /** Also recorded for an address with no account (no userId): that is what probing looks like. */
  PASSWORD_RESET_REQUESTED = 'PASSWORD_RESET_REQUESTED',
  PASSWORD_RESET = 'PASSWORD_RESET',
  EMAIL_VERIFICATION_REQUESTED = 'EMAIL_VERIFICATION_REQUESTED',
  EMAIL_VERIFIED = 'EMAIL_VERIFIED',
  TWO_FACTOR_ENABLED = 'TWO_FACTOR_ENABLED',
  TWO_FACTOR_DISABLED = 'TWO_FACTOR_DISABLED',
  /** A wrong or replayed code (detail: where), or one the backoff refused. */
  TWO_FACTOR_FAILED = 'TWO_FACTOR_FAILED',
  RECOVERY_CODE_USED = 'RECOVERY_CODE_USED',
  RECOVERY_CODES_REGENERATED = 'RECOVERY_CODES_REGENERATED',
  /** A session proved who it is again (step-up); detail: the second factor, if any. */
  REAUTHENTICATED = 'REAUTHENTICATED',
  /** An identity provider's account was linked (detail: the provider). */
  IDENTITY_LINKED = 'IDENTITY_LINKED',
  IDENTITY_UNLINKED = 'IDENTITY_UNLINKED',
  /** A sign-in through an identity provider (detail: the provider). */
  PROVIDER_LOGIN = 'PROVIDER_LOGIN',
  /** A provider sign-in or link refused (detail: the reason code). */
  PROVIDER_LOGIN_REFUSED = 'PROVIDER_LOGIN_REFUSED',
  PASSKEY_ADDED = 'PASSKEY_ADDED',
  PASSKEY_REMOVED = 'PASSKEY_REMOVED',
  PASSKEY_LOGIN = 'PASSKEY_LOGIN',
  /** A passkey answer refused (detail: why, e.g. COUNTER for a counter that went backwards: a cloned authenticator). */
  PASSKEY_REJECTED = 'PASSKEY_REJECTED',
}

/**
 * One security-relevant thing that happened to an account. No foreign keys on purpose: the trail
 * outlives the sessions it names, and an account's deletion is itself an event.
 */
@Entity({ tableName: 'auth_events' })
@Index({ name: 'auth_events_user_time_index', properties: ['userId', 'occurredAt', 'id'] })
export class AuthEvent {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 40 })
  type!: AuthEventType;

  @Property({ type: 'datetime' })
  occurredAt: Date = new Date();

  @Property({ type: 'uuid', nullable: true })
  userId?: string | null;

  @Property({ type: 'uuid', nullable: true })
  sessionId?: string | null;

  /** The normalised address a failed login named; never a password. */
  @Property({ type: 'string', length: 254, nullable: true })
  email?: string | null;

  @Property({ type: 'string', length: 64, nullable: true })
  ip?: string | null;

  @Property({ type: 'string', length: 512, nullable: true })
  userAgent?: string | null;

  /** A detail such as the logout scope. */
  @Property({ type: 'string', length: 40, nullable: true })
  detail?: string | null;
}
