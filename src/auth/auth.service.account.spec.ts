import { EntityManager } from '@mikro-orm/postgresql';
import { UnauthorizedException } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { InvalidInputError } from '../common/errors';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { AuthService, WRONG_PASSWORD } from './auth.service';
import { LogoutScope } from './dto/logout-scope.enum';
import { LoginBackoffService } from './login-backoff.service';
import type { AuthPayloadModel } from './models/auth-payload.model';
import { PasswordHasher } from './password.hasher';
import { type PasswordOwner, PasswordPolicy } from './password.policy';
import { type Rotation, RefreshTokensService } from './refresh-tokens.service';
import { Session } from './session.entity';
import { SessionsService } from './sessions.service';
import { type IssuedAccessToken, TokensService } from './tokens.service';

type Work = (em: EntityManager) => AuthPayloadModel | Promise<AuthPayloadModel>;
type Which = { only?: string; except?: string };

const user = Object.assign(new User(), { name: 'Alice', email: 'alice@example.com' });
const session = Object.assign(new Session(), { user, expiresAt: new Date(Date.now() + 60_000) });
const issued: IssuedAccessToken = { accessToken: 'signed.jwt.token', accessTokenExpiresAt: new Date() };
const refreshTokenExpiresAt = new Date(Date.now() + 30_000);
const signedIn = (refreshToken: string): AuthPayloadModel => ({ ...issued, refreshToken, refreshTokenExpiresAt, user });

/** AuthService for someone already signed in: refresh, logout, changePassword, deleteAccount. */
describe('AuthService (signed-in account)', () => {
  let auth: AuthService;
  const txEm = { findOneOrFail: jest.fn<Promise<Session>, [typeof Session, { id: string }, unknown]>() };
  const em = { transactional: jest.fn<Promise<AuthPayloadModel>, [Work]>() };
  const users = {
    passwordHashOf: jest.fn<Promise<string | null>, [string]>(),
    setPasswordHash: jest.fn<Promise<void>, [EntityManager, string, string]>(),
    delete: jest.fn<Promise<void>, [string]>(),
  };
  const sessions = { revoke: jest.fn<Promise<number>, [string, Which?, EntityManager?]>(), expiryOf: jest.fn<Date, [Session]>() };
  const refreshTokens = {
    issue: jest.fn<string, [EntityManager, Session]>(),
    rotate: jest.fn<Promise<Rotation>, [string]>(),
    forget: jest.fn<Promise<number>, [EntityManager, Session]>(),
  };
  const passwords = { hash: jest.fn<Promise<string>, [string]>(), verify: jest.fn<Promise<boolean>, [string, string]>() };
  const tokens = { issueAccessToken: jest.fn<IssuedAccessToken, [string, string]>() };
  const policy = { assertAcceptable: jest.fn<void, [string, PasswordOwner, string?]>() };
  // Nothing here signs in with a password; the fake only satisfies the constructor.
  const backoff = { assertMayTry: jest.fn<Promise<void>, [string]>() };

  beforeEach(async () => {
    jest.resetAllMocks();
    em.transactional.mockImplementation(async (work) => work(txEm as unknown as EntityManager));
    txEm.findOneOrFail.mockResolvedValue(session);
    users.passwordHashOf.mockResolvedValue('$2b$04$stored');
    sessions.revoke.mockResolvedValue(1);
    sessions.expiryOf.mockReturnValue(refreshTokenExpiresAt);
    refreshTokens.issue.mockReturnValue('refresh-restarted');
    passwords.hash.mockResolvedValue('$2b$04$new-hash');
    tokens.issueAccessToken.mockReturnValue(issued);

    const moduleRef = await Test.createTestingModule({
      providers: [
        AuthService,
        { provide: EntityManager, useValue: em },
        { provide: UsersService, useValue: users },
        { provide: SessionsService, useValue: sessions },
        { provide: RefreshTokensService, useValue: refreshTokens },
        { provide: PasswordHasher, useValue: passwords },
        { provide: TokensService, useValue: tokens },
        { provide: PasswordPolicy, useValue: policy },
        { provide: LoginBackoffService, useValue: backoff },
      ],
    }).compile();
    auth = moduleRef.get(AuthService);
  });

  it.each<[Rotation['outcome'], RegExp]>([
    ['reused', /already used/],
    ['invalid', /Invalid or expired/],
  ])('refresh maps outcome %p to UnauthorizedException %p', async (outcome, message) => {
    refreshTokens.rotate.mockResolvedValue({ outcome } as Rotation);

    const result = auth.refresh('spent-token');
    await expect(result).rejects.toBeInstanceOf(UnauthorizedException);
    await expect(result).rejects.toThrow(message);
    expect(refreshTokens.rotate).toHaveBeenCalledWith('spent-token');
    expect(tokens.issueAccessToken).not.toHaveBeenCalled();
  });

  it('refresh signs the session in again with the successor token when rotated', async () => {
    refreshTokens.rotate.mockResolvedValue({ outcome: 'rotated', session, refreshToken: 'refresh-1' });

    await expect(auth.refresh('refresh-0')).resolves.toEqual(signedIn('refresh-1'));
    expect(tokens.issueAccessToken).toHaveBeenCalledWith(user.id, session.id);
    expect(sessions.expiryOf).toHaveBeenCalledWith(session);
  });

  it.each<[LogoutScope, Which]>([
    [LogoutScope.CURRENT, { only: session.id }],
    [LogoutScope.OTHERS, { except: session.id }],
    [LogoutScope.ALL, {}],
  ])('logout(%s) revokes %p of that user', async (scope, which) => {
    await expect(auth.logout(user, session.id, scope)).resolves.toBe(true);
    expect(sessions.revoke).toHaveBeenCalledTimes(1);
    // revoke's second parameter defaults to {}, so ALL may pass it or leave it out.
    const [userId, given = {}] = sessions.revoke.mock.calls[0];
    expect(userId).toBe(user.id);
    expect(given).toEqual(which);
  });

  it('changePassword with a wrong current password rejects before the policy, hashing or writing', async () => {
    passwords.verify.mockResolvedValue(false);

    const result = auth.changePassword(user, session.id, { currentPassword: 'wrong', newPassword: 'a new long passphrase' });
    await expect(result).rejects.toThrow(new UnauthorizedException(WRONG_PASSWORD));
    expect(passwords.verify).toHaveBeenCalledWith('wrong', '$2b$04$stored');
    expect(policy.assertAcceptable).not.toHaveBeenCalled();
    expect(passwords.hash).not.toHaveBeenCalled();
    expect(em.transactional).not.toHaveBeenCalled();
  });

  it('changePassword rejected by the policy hashes and writes nothing', async () => {
    const refused = new InvalidInputError([{ field: 'newPassword', messages: ['newPassword must not contain your email address or name'] }]);
    passwords.verify.mockResolvedValue(true);
    policy.assertAcceptable.mockImplementation(() => {
      throw refused;
    });

    await expect(auth.changePassword(user, session.id, { currentPassword: 'right', newPassword: 'alice-rules' })).rejects.toBe(refused);
    expect(passwords.hash).not.toHaveBeenCalled();
    expect(em.transactional).not.toHaveBeenCalled();
  });

  it('changePassword checks the policy, sets the hash, ends other sessions and restarts this chain in one transaction', async () => {
    passwords.verify.mockResolvedValue(true);

    const result = auth.changePassword(user, session.id, { currentPassword: 'right', newPassword: 'a new long passphrase' });
    await expect(result).resolves.toEqual(signedIn('refresh-restarted'));
    expect(policy.assertAcceptable).toHaveBeenCalledWith('a new long passphrase', user, 'newPassword');
    expect(passwords.verify.mock.invocationCallOrder[0]).toBeLessThan(policy.assertAcceptable.mock.invocationCallOrder[0]);
    expect(passwords.hash).toHaveBeenCalledWith('a new long passphrase');
    expect(users.setPasswordHash).toHaveBeenCalledWith(txEm, user.id, '$2b$04$new-hash');
    expect(sessions.revoke).toHaveBeenCalledWith(user.id, { except: session.id }, txEm);
    expect(refreshTokens.forget).toHaveBeenCalledWith(txEm, session);
    expect(refreshTokens.issue).toHaveBeenCalledWith(txEm, session);
  });

  it('deleteAccount with a wrong password rejects and deletes nothing', async () => {
    passwords.verify.mockResolvedValue(false);

    await expect(auth.deleteAccount(user, 'wrong')).rejects.toBeInstanceOf(UnauthorizedException);
    expect(users.delete).not.toHaveBeenCalled();
  });

  it('deleteAccount with the right password deletes the user', async () => {
    passwords.verify.mockResolvedValue(true);
    users.delete.mockResolvedValue();

    await expect(auth.deleteAccount(user, 'right')).resolves.toBe(true);
    expect(passwords.verify).toHaveBeenCalledWith('right', '$2b$04$stored');
    expect(users.delete).toHaveBeenCalledWith(user.id);
  });
});
