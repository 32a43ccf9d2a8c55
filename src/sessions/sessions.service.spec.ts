import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { compileSessions, type SessionsFakes, sessionsFakes } from '../../test/unit/sessions.service.fixture';
import { AuthEventType } from '../audit';
import type { ClientInfo } from '../common/decorators';
import { NotFoundError } from '../common/errors';
import { testAuthConfig } from '../../test/unit/config.fixture';
import { User } from '../users';
import { Session } from './session.entity';
import type { SessionSelection, SessionsService } from './sessions.service';

const IDLE_SECONDS = 3_600;
const config = testAuthConfig({ sessionIdleTtlSeconds: IDLE_SECONDS });

const client: ClientInfo = { ip: '127.0.0.1', userAgent: 'jest' };
const now = new Date('2030-01-01T12:00:00Z');
const at = (offsetSeconds: number) => new Date(now.getTime() + offsetSeconds * 1000);
const sessionWith = (fields: Partial<Pick<Session, 'expiresAt' | 'lastSeenAt' | 'revokedAt'>>) =>
  Object.assign(new Session(), { user: new User(), expiresAt: at(86_400), lastSeenAt: at(-60), ...fields });

describe('SessionsService', () => {
  let sessions: SessionsService;
  let em: SessionsFakes['em'];
  let audit: SessionsFakes['audit'];
  let cache: SessionsFakes['cache'];
  const userId = randomUUID();
  const sessionId = randomUUID();

  beforeEach(async () => {
    const fakes = sessionsFakes();
    ({ em, audit, cache } = fakes);
    em.nativeUpdate.mockResolvedValue(1);
    audit.record.mockResolvedValue();
    sessions = await compileSessions(fakes, config);
  });

  afterEach(() => jest.useRealTimers());

  describe('expiryOf', () => {
    it('is the idle limit when that comes before the absolute one', () => {
      const session = sessionWith({ lastSeenAt: at(-600), expiresAt: at(86_400) });

      expect(sessions.expiryOf(session)).toEqual(at(-600 + IDLE_SECONDS));
    });

    it('is the absolute limit when that comes first', () => {
      const session = sessionWith({ lastSeenAt: at(-60), expiresAt: at(120) });

      expect(sessions.expiryOf(session)).toEqual(at(120));
    });
  });

  describe('isLive', () => {
    it.each([
      ['revoked', { revokedAt: at(-1) }],
      ['past its absolute limit', { expiresAt: at(-1) }],
      ['idle for longer than the idle limit', { lastSeenAt: at(-IDLE_SECONDS - 1) }],
    ])('is false for a session that is %s', (_, fields) => {
      expect(sessions.isLive(sessionWith(fields), now)).toBe(false);
    });

    it('is true for a session used recently, before both limits, and not revoked', () => {
      expect(sessions.isLive(sessionWith({ lastSeenAt: at(-IDLE_SECONDS + 1), expiresAt: at(1) }), now)).toBe(true);
    });
  });

  describe('revokeOwn', () => {
    it('rejects NotFoundError for an id that is not a UUID, without touching the database', async () => {
      await expect(sessions.revokeOwn(userId, 'not-a-uuid')).rejects.toBeInstanceOf(NotFoundError);
      expect(em.nativeUpdate).not.toHaveBeenCalled();
      expect(audit.record).not.toHaveBeenCalled();
    });

    it('rejects NotFoundError when no live session of the user has that id', async () => {
      em.nativeUpdate.mockResolvedValue(0);

      await expect(sessions.revokeOwn(userId, sessionId, client)).rejects.toBeInstanceOf(NotFoundError);
      expect(em.nativeUpdate).toHaveBeenCalledTimes(1);
      expect(audit.record).not.toHaveBeenCalled();
    });

    it('resolves true when the session was revoked, ending only a live session of that user in one update', async () => {
      jest.useFakeTimers({ now });

      await expect(sessions.revokeOwn(userId, sessionId)).resolves.toBe(true);
      expect(em.nativeUpdate).toHaveBeenCalledTimes(1);
      // An expired or idle session that was never revoked is not live, so it is not "revoked" again.
      const live = { revokedAt: null, expiresAt: { $gt: now }, lastSeenAt: { $gt: at(-IDLE_SECONDS) } };
      expect(em.nativeUpdate).toHaveBeenCalledWith(
        Session,
        { id: sessionId, user: userId, ...live },
        { revokedAt: now },
      );
      expect(cache.evictSession.mock.calls).toEqual([[sessionId]]);
      // Only that session is forgotten: the user's other sessions stay cached.
      expect(cache.evictUser).not.toHaveBeenCalled();
    });

    it('records SESSION_REVOKED for the user, the session and the caller once the session was revoked', async () => {
      await expect(sessions.revokeOwn(userId, sessionId, client)).resolves.toBe(true);
      expect(audit.record.mock.calls).toEqual([[{ type: AuthEventType.SESSION_REVOKED, userId, sessionId, client }]]);
      expect(em.nativeUpdate.mock.invocationCallOrder[0]).toBeLessThan(audit.record.mock.invocationCallOrder[0]);
    });
  });

  describe('end', () => {
    it.each<[string, SessionSelection | undefined, FilterQuery<Session>]>([
      ['one session', { only: sessionId }, { user: userId, revokedAt: null, id: sessionId }],
      ['all but one session', { except: sessionId }, { user: userId, revokedAt: null, id: { $ne: sessionId } }],
      ['every session', undefined, { user: userId, revokedAt: null }],
    ])('ends %s of the user that is not already ended', async (_, which, where) => {
      em.nativeUpdate.mockResolvedValue(2);

      await expect(sessions.end(userId, which)).resolves.toBe(2);
      expect(em.nativeUpdate).toHaveBeenCalledWith(Session, where, { revokedAt: expect.any(Date) });
      // This instance's cache forgets the user's sessions once the write is done, not when NOTIFY comes.
      expect(cache.evictUser.mock.calls).toEqual([[userId]]);
      expect(em.nativeUpdate.mock.invocationCallOrder[0]).toBeLessThan(cache.evictUser.mock.invocationCallOrder[0]);
      expect(cache.evictSession).not.toHaveBeenCalled();
    });

    it('writes through the entity manager it is given (a caller transaction)', async () => {
      const tx = { nativeUpdate: jest.fn<Promise<number>, [typeof Session, FilterQuery<Session>, Partial<Session>]>() };
      tx.nativeUpdate.mockResolvedValue(1);

      await expect(sessions.end(userId, { except: sessionId }, tx as unknown as EntityManager)).resolves.toBe(1);
      expect(tx.nativeUpdate).toHaveBeenCalledWith(
        Session,
        { user: userId, revokedAt: null, id: { $ne: sessionId } },
        expect.anything(),
      );
      expect(em.nativeUpdate).not.toHaveBeenCalled();
    });
  });

  describe('changed', () => {
    it('forgets every cached session of the user when no session is named', () => {
      sessions.changed(userId);

      expect(cache.evictUser.mock.calls).toEqual([[userId]]);
      expect(cache.evictSession).not.toHaveBeenCalled();
    });

    it('forgets only the named session when one is named', () => {
      sessions.changed(userId, sessionId);

      expect(cache.evictSession.mock.calls).toEqual([[sessionId]]);
      expect(cache.evictUser).not.toHaveBeenCalled();
    });
  });
});
