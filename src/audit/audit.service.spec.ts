import { EntityManager, type FilterQuery, type FindOptions } from '@mikro-orm/postgresql';
import { Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import type { ClientInfo } from '../common/decorators';
import { InvalidInputError } from '../common/errors';
import { AuditService } from './audit.service';
import { AuthEvent, AuthEventType } from './auth-event.entity';

const client: ClientInfo = { ip: '203.0.113.9', userAgent: 'jest' };
const userId = randomUUID();
const cursorOf = (event: Pick<AuthEvent, 'occurredAt' | 'id'>) =>
  Buffer.from(`${event.occurredAt.toISOString()}|${event.id}`).toString('base64url');
/** Events a second apart, newest first, as the query orders them. */
const events = (count: number) =>
  Array.from({ length: count }, (_, i) =>
    Object.assign(new AuthEvent(), {
      type: AuthEventType.LOGOUT,
      userId,
      occurredAt: new Date(Date.UTC(2030, 0, 1, 12, 0, 59 - i)),
    }),
  );

describe('AuditService', () => {
  let audit: AuditService;
  /** What fork() hands back: record() writes through it, outside the caller's unit of work. */
  const forked = { insert: jest.fn<Promise<string>, [typeof AuthEvent, AuthEvent]>() };
  const em = {
    fork: jest.fn<typeof forked, []>(),
    find: jest.fn<Promise<AuthEvent[]>, [typeof AuthEvent, FilterQuery<AuthEvent>, FindOptions<AuthEvent>]>(),
  };
  let warn: jest.SpyInstance<void, Parameters<Logger['warn']>>;

  beforeEach(async () => {
    jest.resetAllMocks();
    em.fork.mockReturnValue(forked);
    forked.insert.mockResolvedValue('inserted');
    em.find.mockResolvedValue([]);
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const moduleRef = await Test.createTestingModule({
      providers: [AuditService, { provide: EntityManager, useValue: em }],
    }).compile();
    audit = moduleRef.get(AuditService);
  });

  afterEach(() => warn.mockRestore());

  describe('record', () => {
    it('inserts the event on a fork with a fresh UUID, the time and the caller', async () => {
      const sessionId = randomUUID();

      await expect(
        audit.record({ type: AuthEventType.LOGOUT, userId, sessionId, detail: 'ALL', client }),
      ).resolves.toBeUndefined();
      expect(em.fork).toHaveBeenCalledTimes(1);
      expect(forked.insert).toHaveBeenCalledTimes(1);
      const [entity, row] = forked.insert.mock.calls[0];
      expect(entity).toBe(AuthEvent);
      expect(row).toEqual({
        id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
        type: AuthEventType.LOGOUT,
        userId,
        sessionId,
        email: null,
        detail: 'ALL',
        ip: '203.0.113.9',
        userAgent: 'jest',
        occurredAt: expect.anything(),
      });
      // The database's clock, truncated to the millisecond the cursors carry.
      expect(row.occurredAt).toMatchObject({ sql: "date_trunc('milliseconds', clock_timestamp())" });
      expect(warn).not.toHaveBeenCalled();
    });

    it('gives every event its own id and stores null for what it was not told', async () => {
      await expect(
        audit.record({ type: AuthEventType.LOGIN_FAILED, email: 'alice@example.com' }),
      ).resolves.toBeUndefined();
      await expect(
        audit.record({ type: AuthEventType.LOGIN_FAILED, email: 'alice@example.com' }),
      ).resolves.toBeUndefined();

      const [[, first], [, second]] = forked.insert.mock.calls;
      expect(first).toMatchObject({
        userId: null,
        sessionId: null,
        detail: null,
        ip: null,
        userAgent: null,
        email: 'alice@example.com',
      });
      expect(first.id).not.toBe(second.id);
    });

    it('resolves and logs a warning (without the event detail) when the insert fails', async () => {
      forked.insert.mockRejectedValue(new TypeError('connection refused'));

      await expect(audit.record({ type: AuthEventType.SIGNUP, userId, client })).resolves.toBeUndefined();
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn).toHaveBeenCalledWith('could not record SIGNUP: TypeError');
    });
  });

  describe('recordIn', () => {
    const tx = { insert: jest.fn<Promise<string>, [typeof AuthEvent, AuthEvent]>() };
    const inTx = () => tx as unknown as EntityManager;

    beforeEach(() => tx.insert.mockReset().mockResolvedValue('inserted'));

    it("inserts the event through the caller's manager (its transaction), not a fork", async () => {
      await expect(
        audit.recordIn(inTx(), { type: AuthEventType.PASSWORD_CHANGED, userId, client }),
      ).resolves.toBeUndefined();
      expect(em.fork).not.toHaveBeenCalled();
      expect(forked.insert).not.toHaveBeenCalled();
      expect(tx.insert).toHaveBeenCalledTimes(1);
      expect(tx.insert).toHaveBeenCalledWith(
        AuthEvent,
        expect.objectContaining({
          type: AuthEventType.PASSWORD_CHANGED,
          userId,
          sessionId: null,
          ip: '203.0.113.9',
          userAgent: 'jest',
        }),
      );
    });

    it('rejects with the failure, so the operation it belongs to fails with it, and logs nothing', async () => {
      const failure = new Error('current transaction is aborted');
      tx.insert.mockRejectedValue(failure);

      await expect(audit.recordIn(inTx(), { type: AuthEventType.PASSWORD_CHANGED, userId })).rejects.toBe(failure);
      expect(warn).not.toHaveBeenCalled();
    });
  });

  describe('page', () => {
    it.each([0, 101, 1.5])('rejects InvalidInputError for first = %p without querying', async (first) => {
      await expect(audit.page(userId, first)).rejects.toBeInstanceOf(InvalidInputError);
      expect(em.find).not.toHaveBeenCalled();
    });

    it.each([
      ['garbage', 'not-a-cursor'],
      ['a bad time', Buffer.from(`yesterday|${randomUUID()}`).toString('base64url')],
      ['a bad id', Buffer.from(`${new Date().toISOString()}|1 OR 1=1`).toString('base64url')],
    ])('rejects InvalidInputError for a cursor with %s', async (_case, after) => {
      await expect(audit.page(userId, 10, after)).rejects.toBeInstanceOf(InvalidInputError);
      expect(em.find).not.toHaveBeenCalled();
    });

    it("asks for the user's events, newest first, one more than the page, without a cursor", async () => {
      await expect(audit.page(userId, 20, null)).resolves.toEqual({
        edges: [],
        pageInfo: { hasNextPage: false, endCursor: null },
      });
      expect(em.find).toHaveBeenCalledWith(
        AuthEvent,
        { userId },
        { orderBy: { occurredAt: 'desc', id: 'desc' }, limit: 21 },
      );
    });

    it('continues strictly after the cursor: older, or as old with a smaller id', async () => {
      const [last] = events(1);

      await expect(audit.page(userId, 5, cursorOf(last))).resolves.toMatchObject({ edges: [] });
      const where = {
        userId,
        $or: [{ occurredAt: { $lt: last.occurredAt } }, { occurredAt: last.occurredAt, id: { $lt: last.id } }],
      };
      expect(em.find).toHaveBeenCalledWith(AuthEvent, where, { orderBy: { occurredAt: 'desc', id: 'desc' }, limit: 6 });
    });

    it('returns first rows and a next page when the extra row came back', async () => {
      const rows = events(4);
      em.find.mockResolvedValue(rows);

      const page = await audit.page(userId, 3);
      expect(page.edges.map((edge) => edge.node)).toEqual(rows.slice(0, 3));
      expect(page.edges.map((edge) => edge.cursor)).toEqual(rows.slice(0, 3).map(cursorOf));
      expect(page.pageInfo).toEqual({ hasNextPage: true, endCursor: cursorOf(rows[2]) });
    });

    it('has no next page when no more than first rows came back', async () => {
      const rows = events(3);
      em.find.mockResolvedValue(rows);

      await expect(audit.page(userId, 3)).resolves.toMatchObject({
        pageInfo: { hasNextPage: false, endCursor: cursorOf(rows[2]) },
      });
    });

    it('gives an end cursor the next call reads back as the same position', async () => {
      const [last, next] = events(2);
      em.find.mockResolvedValue([last, next]);
      const { pageInfo } = await audit.page(userId, 1);
      em.find.mockClear();

      await expect(audit.page(userId, 1, pageInfo.endCursor)).resolves.toBeDefined();
      const [, where] = em.find.mock.calls[0];
      expect(where).toEqual({
        userId,
        $or: [{ occurredAt: { $lt: last.occurredAt } }, { occurredAt: last.occurredAt, id: { $lt: last.id } }],
      });
    });
  });
});
