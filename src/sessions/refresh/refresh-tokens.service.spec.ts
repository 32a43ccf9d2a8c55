import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import { Test } from '@nestjs/testing';
import { createHash } from 'node:crypto';
import { authConfig } from '../../config';
import { testAuthConfig } from '../../../test/unit/config.fixture';
import { User } from '../../users';
import { Session } from '../session.entity';
import { type SessionSelection, SessionsService } from '../sessions.service';
import { RefreshToken } from './refresh-token.entity';
import { type Rotation, RefreshTokensService } from './refresh-tokens.service';

const config = testAuthConfig();
const locked = { lockMode: LockMode.PESSIMISTIC_WRITE };

// Years behind this process's clock, so only a service that reads the database's clock measures from it.
const DB_NOW = new Date('2020-01-01T00:00:00.250Z');
const sha256 = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');
const before = (date: Date, seconds: number) => new Date(date.getTime() - seconds * 1000);
// How the driver hands back a timestamptz: PostgreSQL's text, not a Date.
const newSession = () =>
  Object.assign(new Session(), {
    user: new User(),
    expiresAt: new Date(Date.now() + 60_000),
    lastSeenAt: before(DB_NOW, 3600),
  });
const successor = (rotation: Rotation) => (rotation.outcome === 'rotated' ? rotation.refreshToken : null);

describe('RefreshTokensService', () => {
  let service: RefreshTokensService;
  /** The rows the fake transaction sees, looked up by tokenHash as the unique index would. */
  let rows: RefreshToken[];
  let dbNow: Date;
  const tx = {
    execute: jest.fn<Promise<object[]>, [string, unknown[]?]>(),
    findOne: jest.fn<
      Promise<Session | RefreshToken | null>,
      [typeof Session | typeof RefreshToken, string | { tokenHash: string }, typeof locked]
    >(),
    populate: jest.fn<Promise<Session>, [Session, string[]]>(),
    create: jest.fn<RefreshToken, [typeof RefreshToken, Pick<RefreshToken, 'session' | 'tokenHash' | 'generation'>]>(),
    nativeDelete: jest.fn<Promise<number>, [typeof RefreshToken, { session: Session }]>(),
  };
  const txEm = tx as unknown as EntityManager;
  const em = { transactional: jest.fn<Promise<Rotation>, [(em: EntityManager) => Promise<Rotation>]>() };
  const sessions = {
    isLive: jest.fn<boolean, [Session]>(),
    end: jest.fn<Promise<number>, [string, SessionSelection?, EntityManager?, Date?]>(),
  };
  /** Whether the fake transaction's work is running: what `sessions.end` saw when it was called. */
  let inTransaction: boolean;
  let endedInTransaction: boolean[];

  /** A token that was issued for a fresh session, with the create call it made forgotten. */
  function issued(): { session: Session; token: string; row: RefreshToken } {
    const session = newSession();
    const token = service.issue(txEm, session);
    tx.create.mockClear();
    return { session, token, row: rows[rows.length - 1] };
  }

  beforeEach(async () => {
    rows = [];
    dbNow = DB_NOW;
    jest.resetAllMocks();
    inTransaction = false;
    endedInTransaction = [];
    em.transactional.mockImplementation(async (work) => {
      inTransaction = true;
      try {
        return await work(txEm);
      } finally {
        inTransaction = false;
      }
    });
    sessions.end.mockImplementation(() => {
      endedInTransaction.push(inTransaction);
      return Promise.resolve(1);
    });
    tx.execute.mockImplementation((sql, params = []) => {
      if (sql.includes('clock_timestamp()')) return Promise.resolve([{ ms: String(dbNow.getTime()) }]);
      if (!/from refresh_tokens where token_hash = \?/.test(sql))
        return Promise.reject(new Error(`unexpected SQL: ${sql}`));
      return Promise.resolve(
        rows.filter((row) => row.tokenHash === params[0]).map((row) => ({ session_id: row.session.id })),
      );
    });
    tx.findOne.mockImplementation((entity, where) =>
      Promise.resolve(
        (entity === Session
          ? rows.find((row) => row.session.id === where)?.session
          : rows.find((row) => typeof where === 'object' && row.tokenHash === where.tokenHash)) ?? null,
      ),
    );
    tx.create.mockImplementation((_, data) => {
      const row = Object.assign(new RefreshToken(), data);
      rows.push(row);
      return row;
    });
    sessions.isLive.mockReturnValue(true);
    const moduleRef = await Test.createTestingModule({
      providers: [
        RefreshTokensService,
        { provide: EntityManager, useValue: em },
        { provide: SessionsService, useValue: sessions },
        { provide: authConfig.KEY, useValue: config },
      ],
    }).compile();
    service = moduleRef.get(RefreshTokensService);
  });

  it('issue() stores only the SHA-256 of a 256-bit base64url token, as generation 0', () => {
    const session = newSession();
    const token = service.issue(txEm, session);

    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(tx.create).toHaveBeenCalledWith(RefreshToken, { session, tokenHash: sha256(token), generation: 0 });
    expect(rows[0].tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0].tokenHash).toBe(sha256(token));
    expect(service.issue(txEm, session)).not.toBe(token);
  });

  it('forget() deletes every refresh token of the session', async () => {
    const session = newSession();
    tx.nativeDelete.mockResolvedValue(3);

    await expect(service.forget(txEm, session)).resolves.toBe(3);
    expect(tx.nativeDelete).toHaveBeenCalledWith(RefreshToken, { session });
  });

  it('rotate() of an unknown token is invalid and locks nothing', async () => {
    issued();

    await expect(service.rotate('never-issued')).resolves.toEqual({ outcome: 'invalid' });
    expect(tx.execute).toHaveBeenCalledWith(expect.stringMatching(/from refresh_tokens where token_hash = \?/), [
      sha256('never-issued'),
    ]);
    expect(tx.findOne).not.toHaveBeenCalled();
    expect(tx.create).not.toHaveBeenCalled();
  });

  it('rotate() locks the session before the token (the order ON DELETE CASCADE takes), then checks the session', async () => {
    const { session, token } = issued();

    await expect(service.rotate(token)).resolves.toMatchObject({ outcome: 'rotated' });
    expect(tx.findOne.mock.calls).toEqual([
      [Session, session.id, locked],
      [RefreshToken, { tokenHash: sha256(token) }, locked],
    ]);
    expect(sessions.isLive.mock.invocationCallOrder[0]).toBeGreaterThan(tx.findOne.mock.invocationCallOrder[1]);
  });

  it('rotate() on a session that is no longer live is invalid and spends nothing', async () => {
    const { session, token, row } = issued();
    sessions.isLive.mockReturnValue(false);

    await expect(service.rotate(token)).resolves.toEqual({ outcome: 'invalid' });
    expect(sessions.isLive).toHaveBeenCalledWith(session);
    expect(row.spentAt).toBeNull();
    expect(tx.create).not.toHaveBeenCalled();
  });

  it('rotate() spends an unspent token at database time and stores the hash of its successor as the next generation', async () => {
    const { session, token, row } = issued();

    const rotation = await service.rotate(token);
    const next = successor(rotation);
    expect(rotation).toEqual({
      outcome: 'rotated',
      session,
      refreshToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    expect(em.transactional).toHaveBeenCalledTimes(1);
    expect(tx.populate).toHaveBeenCalledWith(session, ['user']);
    expect(row.spentAt).toEqual(DB_NOW);
    expect(tx.create).toHaveBeenCalledWith(RefreshToken, { session, tokenHash: sha256(next!), generation: 1 });
    expect(session.lastSeenAt).toEqual(DB_NOW);
    expect(session.revokedAt).toBeNull();
    expect(sessions.end).not.toHaveBeenCalled();
  });

  // The first and last cases get the other outcome on this process's clock (years after DB_NOW, a day before the last's).
  it.each([
    ['2s before the database time (years before the process clock)', DB_NOW, 2, 'rotated'],
    ['11s before the database time', DB_NOW, 11, 'reused'],
    [
      '2s before the process clock but a day before the database time',
      new Date(Date.now() + 86_400_000),
      86_402,
      'reused',
    ],
  ])(
    'rotate() of a token spent %s measures the grace window on the database clock',
    async (_, now, secondsEarlier, outcome) => {
      const { session, token, row } = issued();
      const first = successor(await service.rotate(token));
      tx.create.mockClear();
      dbNow = now;
      row.spentAt = before(now, secondsEarlier);

      // A reuse names the session it ended and its owner, for the audit trail.
      const expected =
        outcome === 'rotated'
          ? { outcome, session, refreshToken: first }
          : { outcome, sessionId: session.id, userId: session.user.id };
      await expect(service.rotate(token)).resolves.toEqual(expected);
      expect(tx.create).not.toHaveBeenCalled();
      // A reuse ends the session through SessionsService, in the rotation's transaction; a rotation ends nothing.
      expect(sessions.end.mock.calls).toEqual(
        outcome === 'reused' ? [[session.user.id, { only: session.id }, txEm, now]] : [],
      );
      expect(endedInTransaction).toEqual(outcome === 'reused' ? [true] : []);
    },
  );

  it('rotate() of a replayed token ends only that session, inside the transaction, and writes nothing else', async () => {
    const { session, token, row } = issued();
    await service.rotate(token);
    tx.create.mockClear();
    const spentAt = before(DB_NOW, 11);
    row.spentAt = spentAt;
    const seen = session.lastSeenAt;

    await expect(service.rotate(token)).resolves.toEqual({
      outcome: 'reused',
      sessionId: session.id,
      userId: session.user.id,
    });
    expect(em.transactional).toHaveBeenCalledTimes(2);
    expect(sessions.end).toHaveBeenCalledTimes(1);
    const [userId, which, through, at] = sessions.end.mock.calls[0];
    expect([userId, which]).toEqual([session.user.id, { only: session.id }]);
    expect(through).toBe(txEm);
    // Revoked at the database's clock, as every instance measures the grace window.
    expect(at).toEqual(DB_NOW);
    expect(endedInTransaction).toEqual([true]);
    // Nothing else: no successor, no token spent or deleted, and the loaded session left as it was
    // (sessions.end's update is the one write; the entity would otherwise be flushed at commit too).
    expect(tx.create).not.toHaveBeenCalled();
    expect(tx.nativeDelete).not.toHaveBeenCalled();
    expect(row.spentAt).toBe(spentAt);
    expect(rows).toHaveLength(2);
    expect(rows[1].spentAt).toBeNull();
    expect(session.revokedAt).toBeNull();
    expect(session.lastSeenAt).toBe(seen);
  });

  it('rotate() gives different sessions different successors', async () => {
    const a = issued();
    const b = issued();

    const nextA = successor(await service.rotate(a.token));
    const nextB = successor(await service.rotate(b.token));
    expect([nextA, nextB]).toEqual([expect.any(String), expect.any(String)]);
    expect(nextA).not.toBe(nextB);
  });
});
