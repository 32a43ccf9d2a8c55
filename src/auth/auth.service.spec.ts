import { EntityManager } from '@mikro-orm/postgresql';
import { Test } from '@nestjs/testing';
import { AuditService, type AuthEventInput } from '../audit/audit.service';
import { AuthEventType } from '../audit/auth-event.entity';
import type { ClientInfo } from '../common/decorators';
import { TooManyRequestsError } from '../common/errors';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { AuthService } from './auth.service';
import { LoginBackoffService } from './login-backoff.service';
import type { AuthPayloadModel } from './models/auth-payload.model';
import { PasswordHasher } from './password.hasher';
import { type PasswordOwner, PasswordPolicy } from './password.policy';
import { RefreshTokensService } from './refresh-tokens.service';
import { Session } from './session.entity';
import { SessionsService } from './sessions.service';
import { type IssuedAccessToken, TokensService } from './tokens.service';

type Work = (em: EntityManager) => AuthPayloadModel | Promise<AuthPayloadModel>;

const client: ClientInfo = { ip: '127.0.0.1', userAgent: 'jest' };
const user = Object.assign(new User(), { name: 'Alice', email: 'alice@example.com', passwordHash: '$2b$04$stored' });
const session = Object.assign(new Session(), { user, expiresAt: new Date(Date.now() + 60_000) });
const issued: IssuedAccessToken = { accessToken: 'signed.jwt.token', accessTokenExpiresAt: new Date() };
const refreshTokenExpiresAt = new Date(Date.now() + 30_000);
/** The manager handed to the transaction callback; only its identity matters here. */
const txEm = { transactionManager: true } as unknown as EntityManager;

/** AuthService signing someone in: validateCredentials (with the login backoff) and login. Signup: auth.service.signup.spec.ts. */
describe('AuthService', () => {
  let auth: AuthService;
  const em = { transactional: jest.fn<Promise<AuthPayloadModel>, [Work]>() };
  const users = { findByEmailWithPassword: jest.fn<Promise<User | null>, [string]>() };
  const sessions = { create: jest.fn<Session, [EntityManager, User, ClientInfo]>(), expiryOf: jest.fn<Date, [Session]>() };
  const refreshTokens = { issue: jest.fn<string, [EntityManager, Session]>() };
  const passwords = { verify: jest.fn<Promise<boolean>, [string, string]>(), verifyNothing: jest.fn<Promise<false>, [string]>() };
  const tokens = { issueAccessToken: jest.fn<IssuedAccessToken, [string, string]>() };
  // Signing in never applies the password policy; the fake only satisfies the constructor.
  const policy = { assertAcceptable: jest.fn<void, [string, PasswordOwner, string?]>() };
  const backoff = { claimAttempt: jest.fn<Promise<void>, [string]>(), recordSuccess: jest.fn<Promise<void>, [string]>() };
  const audit = { record: jest.fn<Promise<void>, [AuthEventInput]>() };

  beforeEach(async () => {
    jest.resetAllMocks();
    em.transactional.mockImplementation(async (work) => work(txEm));
    sessions.create.mockReturnValue(session);
    sessions.expiryOf.mockReturnValue(refreshTokenExpiresAt);
    refreshTokens.issue.mockReturnValue('refresh-0');
    passwords.verifyNothing.mockResolvedValue(false);
    tokens.issueAccessToken.mockReturnValue(issued);
    backoff.claimAttempt.mockResolvedValue();
    backoff.recordSuccess.mockResolvedValue();
    audit.record.mockResolvedValue();

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
        { provide: AuditService, useValue: audit },
      ],
    }).compile();
    auth = moduleRef.get(AuthService);
  });

  describe('validateCredentials', () => {
    it('does the dummy comparison and resolves null for an unknown email', async () => {
      users.findByEmailWithPassword.mockResolvedValue(null);

      await expect(auth.validateCredentials('nobody@example.com', 'pw')).resolves.toBeNull();
      expect(passwords.verifyNothing).toHaveBeenCalledWith('pw');
      expect(passwords.verify).not.toHaveBeenCalled();
    });

    it('resolves null for a wrong password', async () => {
      users.findByEmailWithPassword.mockResolvedValue(user);
      passwords.verify.mockResolvedValue(false);

      await expect(auth.validateCredentials(user.email, 'wrong')).resolves.toBeNull();
      expect(passwords.verify).toHaveBeenCalledWith('wrong', user.passwordHash);
    });

    it('resolves the user for the right password', async () => {
      users.findByEmailWithPassword.mockResolvedValue(user);
      passwords.verify.mockResolvedValue(true);

      await expect(auth.validateCredentials(user.email, 'right', client)).resolves.toBe(user);
      expect(passwords.verifyNothing).not.toHaveBeenCalled();
      expect(audit.record).not.toHaveBeenCalled();
    });

    it('trims and lower-cases the email before the lookup', async () => {
      users.findByEmailWithPassword.mockResolvedValue(null);

      await expect(auth.validateCredentials('  Alice@Example.COM \n', 'pw')).resolves.toBeNull();
      expect(users.findByEmailWithPassword).toHaveBeenCalledWith('alice@example.com');
    });

    it.each<[string, User | null, 'verify' | 'verifyNothing']>([
      ['a known email', user, 'verify'],
      ['an unknown email', null, 'verifyNothing'],
    ])('claims an attempt for the normalised email before any password comparison, for %s', async (_case, found, compare) => {
      const comparison = passwords[compare];
      users.findByEmailWithPassword.mockResolvedValue(found);
      passwords.verify.mockResolvedValue(false);

      await expect(auth.validateCredentials('  Alice@Example.COM ', 'pw')).resolves.toBeNull();
      expect(backoff.claimAttempt).toHaveBeenCalledTimes(1);
      expect(backoff.claimAttempt).toHaveBeenCalledWith('alice@example.com');
      expect(comparison).toHaveBeenCalledTimes(1);
      expect(backoff.claimAttempt.mock.invocationCallOrder[0]).toBeLessThan(comparison.mock.invocationCallOrder[0]);
    });

    it('makes no bcrypt call and resets nothing while the address is in backoff', async () => {
      const refused = new TooManyRequestsError(30);
      backoff.claimAttempt.mockRejectedValue(refused);
      users.findByEmailWithPassword.mockResolvedValue(user);

      await expect(auth.validateCredentials(user.email, 'right')).rejects.toBe(refused);
      expect(passwords.verify).not.toHaveBeenCalled();
      expect(passwords.verifyNothing).not.toHaveBeenCalled();
      expect(backoff.recordSuccess).not.toHaveBeenCalled();
    });

    // The claim already counted the attempt as a failure; the backoff needs nothing more, the audit trail gets the event.
    it.each<[string, User | null]>([
      ['an unknown email', null],
      ['a wrong password', user],
    ])('leaves the claimed failure standing and records LOGIN_FAILED (with the account, if any) after %s', async (_case, found) => {
      users.findByEmailWithPassword.mockResolvedValue(found);
      passwords.verify.mockResolvedValue(false);

      await expect(auth.validateCredentials(' ALICE@example.com', 'wrong', client)).resolves.toBeNull();
      expect(backoff.claimAttempt).toHaveBeenCalledWith('alice@example.com');
      expect(backoff.recordSuccess).not.toHaveBeenCalled();
      const [[event], ...others] = audit.record.mock.calls;
      expect(others).toEqual([]);
      const expected = { type: AuthEventType.LOGIN_FAILED, userId: found && user.id, email: 'alice@example.com', client };
      expect({ ...event, userId: event.userId ?? null }).toEqual(expected);
    });

    it('records a success (clearing the backoff) for the normalised email after the right password', async () => {
      users.findByEmailWithPassword.mockResolvedValue(user);
      passwords.verify.mockResolvedValue(true);

      await expect(auth.validateCredentials(' ALICE@example.com', 'right')).resolves.toBe(user);
      expect(backoff.recordSuccess).toHaveBeenCalledWith('alice@example.com');
      expect(passwords.verify.mock.invocationCallOrder[0]).toBeLessThan(backoff.recordSuccess.mock.invocationCallOrder[0]);
      expect(backoff.claimAttempt).toHaveBeenCalledTimes(1);
    });
  });

  it('login starts a session with a refresh token inside a transaction, then records LOGIN_SUCCEEDED', async () => {
    const payload = { sessionId: session.id, ...issued, refreshToken: 'refresh-0', refreshTokenExpiresAt, user };
    await expect(auth.login(user, client)).resolves.toEqual(payload);
    expect(em.transactional).toHaveBeenCalledTimes(1);
    expect(sessions.create).toHaveBeenCalledWith(txEm, user, client);
    expect(refreshTokens.issue).toHaveBeenCalledWith(txEm, session);
    expect(policy.assertAcceptable).not.toHaveBeenCalled();
    expect(audit.record.mock.calls).toEqual([[{ type: AuthEventType.LOGIN_SUCCEEDED, userId: user.id, sessionId: session.id, client }]]);
    expect(em.transactional.mock.invocationCallOrder[0]).toBeLessThan(audit.record.mock.invocationCallOrder[0]);
  });
});
