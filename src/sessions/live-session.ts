/** The times that decide whether a session is live. */
export interface SessionTimes {
  revokedAt?: Date | null;
  expiresAt: Date;
  lastSeenAt: Date;
}

/**
 * The one definition of a live session: not revoked, before its absolute end, and used within the
 * idle limit. The same rule three ways: on a loaded session, as an ORM filter, and as the SQL of the
 * guard's raw lookup (alias `s`), all from the same cut-offs.
 */
export class SessionLiveness {
  constructor(private readonly idleSeconds: number) {}

  /** When the session ends if it is not used again. */
  expiryOf(session: SessionTimes): Date {
    const idleEnd = session.lastSeenAt.getTime() + this.idleSeconds * 1000;
    return new Date(Math.min(session.expiresAt.getTime(), idleEnd));
  }

  isLive(session: SessionTimes, now = new Date()): boolean {
    return !session.revokedAt && this.expiryOf(session).getTime() > now.getTime();
  }

  where(now = new Date()) {
    return { revokedAt: null, expiresAt: { $gt: now }, lastSeenAt: { $gt: this.idleCutoff(now) } };
  }

  static readonly SQL = 's.revoked_at is null and s.expires_at > ? and s.last_seen_at > ?';

  /** The values for the placeholders of `SQL`, in order. */
  sqlParams(now = new Date()): [Date, Date] {
    return [now, this.idleCutoff(now)];
  }

  /** A session last seen at or before this has been idle too long. */
  private idleCutoff(now: Date): Date {
    return new Date(now.getTime() - this.idleSeconds * 1000);
  }
}
