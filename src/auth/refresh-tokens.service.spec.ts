import { EntityManager } from '@mikro-orm/postgresql';
import { Test } from '@nestjs/testing';
import { createHash } from 'node:crypto';
import { authConfig, type AuthConfig } from '../config';
import { User } from '../users/user.entity';
import { RefreshToken } from './refresh-token.entity';
import { type Rotation, RefreshTokensService } from './refresh-tokens.service';
import { Session } from './session.entity';
import { SessionsService } from './sessions.service';

const config: AuthConfig = { jwtSecret: 'unit-test-secret-that-is-at-least-32-bytes', accessTokenTtlSeconds: 900,
  sessionMaxTtlSeconds: 86_400, sessionIdleTtlSeconds: 604_800, refreshReuseGraceSeconds: 10, cookieSecure: true, bcryptRounds: 4 };
type NewRow = Pick<RefreshToken, 'session' | 'tokenHash' | 'generation'>;

const sha256 = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');
const secondsAgo = (seconds: number) => new Date(Date.now() - seconds * 1000);
const newSession = () => Object.assign(new Session(), { user: new User(), expiresAt: new Date(Date.now() + 60_000), lastSeenAt: secondsAgo(3600) });
const successor = (rotation: Rotation) => (rotation.outcome === 'rotated' ? rotation.refreshToken : null);

describe('RefreshTokensService', () => {
  let service: RefreshTokensService;
  /** The rows the fake transaction sees, looked up by tokenHash as the unique index would. */
  let rows: RefreshToken[];
  const tx = {
    findOne: jest.fn<Promise<RefreshToken | null>, [typeof RefreshToken, { tokenHash: string }, unknown]>(),
    findOneOrFail: jest.fn<Promise<Session>, [typeof Session, string, unknown]>(),
    create: jest.fn<RefreshToken, [typeof RefreshToken, NewRow]>(),
    nativeDelete: jest.fn<Promise<number>, [typeof RefreshToken, { session: Session }]>(),
  };
  const txEm = tx as unknown as EntityManager;
  const em = { transactional: jest.fn<Promise<Rotation>, [(em: EntityManager) => Promise<Rotation>]>() };
  const sessions = { isLive: jest.fn<boolean, [Session]>() };

  /** A token that was issued for a fresh session, with the create call it made forgotten. */
  function issued(): { session: Session; token: string; row: RefreshToken } {
    const session = newSession();
    const token = service.issue(txEm, session);
    tx.create.mockClear();
    return { session, token, row: rows[rows.length - 1] };
  }

  beforeEach(async () => {
    rows = [];
    jest.resetAllMocks();
    em.transactional.mockImplementation((work) => work(txEm));
    tx.findOne.mockImplementation(async (_, { tokenHash }) => rows.find((row) => row.tokenHash === tokenHash) ?? null);
    tx.findOneOrFail.mockImplementation(async (_, id) => rows.find((row) => row.session.id === id)?.session ?? Promise.reject(new Error(id)));
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

  it('rotate() of an unknown token is invalid', async () => {
    issued();

    await expect(service.rotate('never-issued')).resolves.toEqual({ outcome: 'invalid' });
    expect(tx.findOne).toHaveBeenCalledWith(RefreshToken, { tokenHash: sha256('never-issued') }, expect.anything());
    expect(tx.create).not.toHaveBeenCalled();
  });

  it('rotate() on a session that is no longer live is invalid and spends nothing', async () => {
    const { session, token, row } = issued();
    sessions.isLive.mockReturnValue(false);

    await expect(service.rotate(token)).resolves.toEqual({ outcome: 'invalid' });
    expect(sessions.isLive).toHaveBeenCalledWith(session);
    expect(row.spentAt).toBeNull();
    expect(tx.create).not.toHaveBeenCalled();
  });

  it('rotate() spends an unspent token and stores the hash of its successor as the next generation', async () => {
    const { session, token, row } = issued();
    const before = Date.now();

    const rotation = await service.rotate(token);
    const next = successor(rotation);
    expect(rotation).toEqual({ outcome: 'rotated', session, refreshToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    expect(em.transactional).toHaveBeenCalledTimes(1);
    expect(row.spentAt?.getTime()).toBeGreaterThanOrEqual(before);
    expect(tx.create).toHaveBeenCalledWith(RefreshToken, { session, tokenHash: sha256(next!), generation: 1 });
    expect(session.lastSeenAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(session.revokedAt).toBeNull();
  });

  it('rotate() of a token spent within the grace window returns the same successor and creates nothing', async () => {
    const { session, token, row } = issued();
    const first = successor(await service.rotate(token));
    tx.create.mockClear();
    row.spentAt = secondsAgo(2);

    await expect(service.rotate(token)).resolves.toEqual({ outcome: 'rotated', session, refreshToken: first });
    expect(tx.create).not.toHaveBeenCalled();
    expect(session.revokedAt).toBeNull();
  });

  it('rotate() of a token spent before the grace window is a replay and revokes the session', async () => {
    const { session, token, row } = issued();
    await service.rotate(token);
    tx.create.mockClear();
    row.spentAt = secondsAgo(11);

    await expect(service.rotate(token)).resolves.toEqual({ outcome: 'reused' });
    expect(session.revokedAt).toBeInstanceOf(Date);
    expect(tx.create).not.toHaveBeenCalled();
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
