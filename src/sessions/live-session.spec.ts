import { SessionLiveness, type SessionTimes } from './live-session';

const IDLE_SECONDS = 3_600;
const now = new Date('2030-01-01T12:00:00Z');
const at = (offsetSeconds: number) => new Date(now.getTime() + offsetSeconds * 1000);
const times = (fields: Partial<SessionTimes> = {}): SessionTimes => ({
  revokedAt: null,
  expiresAt: at(86_400),
  lastSeenAt: at(-60),
  ...fields,
});

/**
 * What the ORM filter and the SQL placeholders say about `session`, evaluated the way the database
 * would: `$gt` / `>` are strict, and `revokedAt: null` / `is null` match only a session never revoked.
 */
function filterMatches(liveness: SessionLiveness, session: SessionTimes, when: Date): boolean {
  const where = liveness.where(when);
  return (
    (session.revokedAt ?? null) === where.revokedAt &&
    session.expiresAt.getTime() > where.expiresAt.$gt.getTime() &&
    session.lastSeenAt.getTime() > where.lastSeenAt.$gt.getTime()
  );
}

function sqlMatches(liveness: SessionLiveness, session: SessionTimes, when: Date): boolean {
  const [expiresAfter, seenAfter] = liveness.sqlParams(when);
  return !session.revokedAt && session.expiresAt > expiresAfter && session.lastSeenAt > seenAfter;
}

describe('SessionLiveness', () => {
  const liveness = new SessionLiveness(IDLE_SECONDS);

  afterEach(() => jest.useRealTimers());

  describe('expiryOf', () => {
    it('is the idle limit when that comes before the absolute one', () => {
      expect(liveness.expiryOf(times({ lastSeenAt: at(-600), expiresAt: at(86_400) }))).toEqual(
        at(-600 + IDLE_SECONDS),
      );
    });

    it('is the absolute limit when that comes first', () => {
      expect(liveness.expiryOf(times({ lastSeenAt: at(-60), expiresAt: at(120) }))).toEqual(at(120));
    });

    it('is either when both fall at the same moment', () => {
      expect(liveness.expiryOf(times({ lastSeenAt: at(-IDLE_SECONDS + 30), expiresAt: at(30) }))).toEqual(at(30));
    });
  });

  describe('isLive', () => {
    it.each<[string, Partial<SessionTimes>]>([
      ['revoked (even with time left on both limits)', { revokedAt: at(-1) }],
      ['past its absolute limit', { expiresAt: at(-1) }],
      ['exactly at its absolute limit', { expiresAt: at(0) }],
      ['idle for longer than the idle limit', { lastSeenAt: at(-IDLE_SECONDS - 1) }],
      ['idle for exactly the idle limit', { lastSeenAt: at(-IDLE_SECONDS) }],
    ])('is false for a session that is %s', (_, fields) => {
      expect(liveness.isLive(times(fields), now)).toBe(false);
    });

    it('is true for a session used recently, before both limits, and not revoked', () => {
      expect(liveness.isLive(times({ lastSeenAt: at(-IDLE_SECONDS + 1), expiresAt: at(1) }), now)).toBe(true);
    });

    it('treats a session with no revokedAt at all (a cached row) as not revoked', () => {
      const row: SessionTimes = { expiresAt: at(86_400), lastSeenAt: at(-60) };

      expect(liveness.isLive(row, now)).toBe(true);
    });

    it('judges at the current time when not told one', () => {
      jest.useFakeTimers({ now });

      expect(liveness.isLive(times({ expiresAt: at(1) }))).toBe(true);
      expect(liveness.isLive(times({ expiresAt: at(0) }))).toBe(false);
    });
  });

  describe('where and sqlParams', () => {
    it('give the filter and the placeholders from the same cut-offs: now, and now less the idle limit', () => {
      const live = { revokedAt: null, expiresAt: { $gt: now }, lastSeenAt: { $gt: at(-IDLE_SECONDS) } };
      expect(liveness.where(now)).toEqual(live);
      expect(liveness.sqlParams(now)).toEqual([now, at(-IDLE_SECONDS)]);
    });

    it('has SQL with exactly the placeholders sqlParams fills, in that order, on the alias s', () => {
      expect(SessionLiveness.SQL).toBe('s.revoked_at is null and s.expires_at > ? and s.last_seen_at > ?');
      expect(SessionLiveness.SQL.match(/\?/g)).toHaveLength(liveness.sqlParams(now).length);
    });

    it('cut off at the current time when not told one', () => {
      jest.useFakeTimers({ now });

      expect(liveness.where()).toEqual(liveness.where(now));
      expect(liveness.sqlParams()).toEqual([now, at(-IDLE_SECONDS)]);
    });

    it.each<[string, Partial<SessionTimes>, boolean]>([
      ['live', {}, true],
      ['revoked', { revokedAt: at(-1) }, false],
      ['one millisecond before its absolute limit', { expiresAt: new Date(now.getTime() + 1) }, true],
      ['exactly at its absolute limit', { expiresAt: at(0) }, false],
      ['one millisecond inside the idle limit', { lastSeenAt: new Date(at(-IDLE_SECONDS).getTime() + 1) }, true],
      ['idle for exactly the idle limit', { lastSeenAt: at(-IDLE_SECONDS) }, false],
      ['idle past the idle limit', { lastSeenAt: at(-IDLE_SECONDS - 1) }, false],
    ])('agree with isLive on a session %s', (_, fields, live) => {
      const session = times(fields);

      expect(liveness.isLive(session, now)).toBe(live);
      expect(filterMatches(liveness, session, now)).toBe(live);
      expect(sqlMatches(liveness, session, now)).toBe(live);
    });
  });
});
