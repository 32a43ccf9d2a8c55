import { randomUUID } from 'node:crypto';
import {
  compileSessions,
  type LiveRecord,
  type SessionsFakes,
  sessionsFakes,
} from '../../test/unit/sessions.service.fixture';
import { testAuthConfig } from '../../test/unit/config.fixture';
import type { SessionRow } from './cache/session-cache';
import type { SessionsService } from './sessions.service';

const IDLE_SECONDS = 3_600;
const config = testAuthConfig({ sessionIdleTtlSeconds: IDLE_SECONDS });
const now = new Date('2030-01-01T12:00:00Z');
const at = (offsetSeconds: number) => new Date(now.getTime() + offsetSeconds * 1000);

const sessionId = randomUUID();
const userId = randomUUID();
const record: LiveRecord = {
  session_id: sessionId,
  expires_at: at(86_400).getTime(),
  last_seen_at: at(-120).getTime(),
  id: userId,
  name: 'Alice',
  email: 'alice@example.com',
  email_verified_at: null,
  created_at: at(-7 * 86_400).getTime(),
};
const row = (fields: Partial<SessionRow> = {}): SessionRow => ({
  sessionId,
  expiresAt: at(86_400),
  lastSeenAt: at(-120),
  user: { id: userId, name: 'Alice', email: 'alice@example.com', emailVerifiedAt: null, createdAt: at(-7 * 86_400) },
  ...fields,
});

describe('SessionsService (the guard’s lookup)', () => {
  let sessions: SessionsService;
  let fakes: SessionsFakes;

  beforeEach(async () => {
    fakes = sessionsFakes();
    fakes.connection.execute.mockResolvedValue([record]);
    fakes.cache.begin.mockReturnValue(7);
    sessions = await compileSessions(fakes, config);
  });

  afterEach(() => jest.useRealTimers());

  describe('findLive', () => {
    it('asks the database once, for a live session of that user, when the cache does not hold it', async () => {
      await expect(sessions.findLive(sessionId, userId, now)).resolves.toEqual(row());
      expect(fakes.cache.get).toHaveBeenCalledWith(sessionId, now.getTime());
      expect(fakes.connection.execute).toHaveBeenCalledTimes(1);
      const [sql, params] = fakes.connection.execute.mock.calls[0];
      expect(params).toEqual([sessionId, userId, now, at(-IDLE_SECONDS)]);
      // The conditions that make a session live are the query's: the placeholders above fill them.
      expect(sql).toMatch(
        /where s\.id = \? and s\.user_id = \? and s\.revoked_at is null and s\.expires_at > \? and s\.last_seen_at > \?/,
      );
    });

    it('reads the times whether the driver gives numbers or numeric strings, with fractions of a millisecond', async () => {
      const verifiedAt = at(-3_600);
      fakes.connection.execute.mockResolvedValue([
        {
          ...record,
          expires_at: `${at(86_400).getTime()}.000`,
          last_seen_at: String(at(-120).getTime()),
          email_verified_at: `${verifiedAt.getTime()}.000`,
          created_at: `${at(-7 * 86_400).getTime()}`,
        },
      ]);

      const found = await sessions.findLive(sessionId, userId, now);
      expect(found).toEqual(row({ user: { ...row().user, emailVerifiedAt: verifiedAt } }));
      expect(found?.expiresAt).toBeInstanceOf(Date);
      expect(found?.user.createdAt.getTime()).toBe(at(-7 * 86_400).getTime());
    });

    it('caches what it found with the epoch taken before it asked the database', async () => {
      const found = await sessions.findLive(sessionId, userId, now);

      expect(fakes.cache.set).toHaveBeenCalledTimes(1);
      expect(fakes.cache.set).toHaveBeenCalledWith(found, 7);
      expect(fakes.cache.begin.mock.invocationCallOrder[0]).toBeLessThan(
        fakes.connection.execute.mock.invocationCallOrder[0],
      );
    });

    it('resolves null, and caches nothing, when the database has no live session', async () => {
      fakes.connection.execute.mockResolvedValue([]);

      await expect(sessions.findLive(sessionId, userId, now)).resolves.toBeNull();
      expect(fakes.cache.set).not.toHaveBeenCalled();
    });

    it('rejects, and caches nothing, when the query fails', async () => {
      fakes.connection.execute.mockRejectedValue(new Error('connection terminated'));

      await expect(sessions.findLive(sessionId, userId, now)).rejects.toThrow('connection terminated');
      expect(fakes.cache.set).not.toHaveBeenCalled();
    });

    it('answers from the cache, without the database, when it holds the session as live for that user', async () => {
      const cached = row({ lastSeenAt: at(-IDLE_SECONDS + 1), expiresAt: at(1) });
      fakes.cache.get.mockReturnValue(cached);

      await expect(sessions.findLive(sessionId, userId, now)).resolves.toBe(cached);
      expect(fakes.connection.execute).not.toHaveBeenCalled();
      expect(fakes.cache.set).not.toHaveBeenCalled();
    });

    it.each<[string, Partial<SessionRow>]>([
      ['belongs to another user', { user: { ...row().user, id: randomUUID() } }],
      ['is past its absolute limit', { expiresAt: at(0) }],
      ['has been idle past the idle limit', { lastSeenAt: at(-IDLE_SECONDS) }],
    ])('asks the database when the cached session %s', async (_, fields) => {
      fakes.cache.get.mockReturnValue(row(fields));
      fakes.connection.execute.mockResolvedValue([]);

      await expect(sessions.findLive(sessionId, userId, now)).resolves.toBeNull();
      expect(fakes.connection.execute).toHaveBeenCalledWith(expect.any(String), [
        sessionId,
        userId,
        now,
        at(-IDLE_SECONDS),
      ]);
    });

    it('judges liveness at the current time when not told one', async () => {
      jest.useFakeTimers({ now });

      await expect(sessions.findLive(sessionId, userId)).resolves.toEqual(row());
      expect(fakes.cache.get).toHaveBeenCalledWith(sessionId, now.getTime());
      expect(fakes.connection.execute).toHaveBeenCalledWith(expect.any(String), [
        sessionId,
        userId,
        now,
        at(-IDLE_SECONDS),
      ]);
    });
  });

  describe('touch', () => {
    it('writes nothing when the session was seen less than a minute ago', async () => {
      jest.useFakeTimers({ now });
      const seen = row({ lastSeenAt: at(-59) });

      await expect(sessions.touch(seen)).resolves.toBeUndefined();
      expect(fakes.connection.execute).not.toHaveBeenCalled();
      expect(seen.lastSeenAt).toEqual(at(-59));
    });

    it('records the time in one raw update once a minute has passed, and on the row it was given', async () => {
      jest.useFakeTimers({ now });
      fakes.connection.execute.mockResolvedValue();
      const seen = row({ lastSeenAt: at(-60) });

      await expect(sessions.touch(seen)).resolves.toBeUndefined();
      expect(fakes.connection.execute.mock.calls).toEqual([
        ['update sessions set last_seen_at = ? where id = ?', [now, sessionId], 'run'],
      ]);
      expect(seen.lastSeenAt).toEqual(now);
    });

    it('rejects, and leaves the row as it was, when the update fails', async () => {
      jest.useFakeTimers({ now });
      fakes.connection.execute.mockRejectedValue(new Error('connection terminated'));
      const seen = row({ lastSeenAt: at(-600) });

      await expect(sessions.touch(seen)).rejects.toThrow('connection terminated');
      expect(seen.lastSeenAt).toEqual(at(-600));
    });
  });
});
