import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Test } from '@nestjs/testing';
import { AuditService, type AuthEventInput } from '../audit/audit.service';
import { AuthEventType } from '../audit/auth-event.entity';
import type { ClientInfo } from '../common/decorators';
import { EmailTakenError, InvalidInputError } from '../common/errors';
import { User } from '../users/user.entity';
import { type NewUser, UsersService } from '../users/users.service';
import { AuthService } from './auth.service';
import type { SignupInput } from './dto/signup.input';
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
const input: SignupInput = { name: 'Alice', email: 'alice@example.com', password: 'correct horse battery' };
const user = Object.assign(new User(), { name: 'Alice', email: 'alice@example.com', passwordHash: '$2b$04$stored' });
const session = Object.assign(new Session(), { user, expiresAt: new Date(Date.now() + 60_000) });
const issued: IssuedAccessToken = { accessToken: 'signed.jwt.token', accessTokenExpiresAt: new Date() };
const refreshTokenExpiresAt = new Date(Date.now() + 30_000);
/** The manager handed to the transaction callback; only its identity matters here. */
const txEm = { transactionManager: true } as unknown as EntityManager;

describe('AuthService.signup', () => {
  let auth: AuthService;
  const em = { transactional: jest.fn<Promise<AuthPayloadModel>, [Work]>() };
  const users = { emailTaken: jest.fn<Promise<boolean>, [string]>(), create: jest.fn<User, [EntityManager, NewUser]>() };
  const sessions = { create: jest.fn<Session, [EntityManager, User, ClientInfo]>(), expiryOf: jest.fn<Date, [Session]>() };
  const refreshTokens = { issue: jest.fn<string, [EntityManager, Session]>() };
  const passwords = { hash: jest.fn<Promise<string>, [string]>() };
  const tokens = { issueAccessToken: jest.fn<IssuedAccessToken, [string, string]>() };
  const policy = { assertAcceptable: jest.fn<void, [string, PasswordOwner, string?]>() };
  // Signup checks no existing password, so it never touches the backoff.
  const backoff = { claimAttempt: jest.fn<Promise<void>, [string]>(), recordSuccess: jest.fn<Promise<void>, [string]>() };
  const audit = { record: jest.fn<Promise<void>, [AuthEventInput]>() };

  beforeEach(async () => {
    jest.resetAllMocks();
    em.transactional.mockImplementation(async (work) => work(txEm));
    users.emailTaken.mockResolvedValue(false);
    users.create.mockReturnValue(user);
    sessions.create.mockReturnValue(session);
    sessions.expiryOf.mockReturnValue(refreshTokenExpiresAt);
    refreshTokens.issue.mockReturnValue('refresh-0');
    passwords.hash.mockResolvedValue('$2b$04$new-hash');
    tokens.issueAccessToken.mockReturnValue(issued);
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

  it('creates user, session and refresh token in one transaction with the hash, and signs in', async () => {
    const payload = { sessionId: session.id, ...issued, refreshToken: 'refresh-0', refreshTokenExpiresAt, user };
    await expect(auth.signup(input, client)).resolves.toEqual(payload);
    expect(passwords.hash).toHaveBeenCalledWith(input.password);
    expect(users.create).toHaveBeenCalledWith(txEm, { name: 'Alice', email: 'alice@example.com', passwordHash: '$2b$04$new-hash' });
    expect(sessions.create).toHaveBeenCalledWith(txEm, user, client);
    expect(refreshTokens.issue).toHaveBeenCalledWith(txEm, session);
    expect(tokens.issueAccessToken).toHaveBeenCalledWith(user.id, session.id);
    expect(backoff.claimAttempt).not.toHaveBeenCalled();
    expect(backoff.recordSuccess).not.toHaveBeenCalled();
  });

  it('records SIGNUP for the new user and session after the transaction', async () => {
    await expect(auth.signup(input, client)).resolves.toMatchObject({ sessionId: session.id });
    expect(audit.record.mock.calls).toEqual([[{ type: AuthEventType.SIGNUP, userId: user.id, sessionId: session.id, client }]]);
    expect(em.transactional.mock.invocationCallOrder[0]).toBeLessThan(audit.record.mock.invocationCallOrder[0]);
  });

  it('checks the password against the policy, with the input as its owner, before hashing', async () => {
    await expect(auth.signup(input, client)).resolves.toMatchObject({ refreshToken: 'refresh-0' });
    expect(policy.assertAcceptable).toHaveBeenCalledTimes(1);
    expect(policy.assertAcceptable).toHaveBeenCalledWith(input.password, input);
    expect(policy.assertAcceptable.mock.invocationCallOrder[0]).toBeLessThan(passwords.hash.mock.invocationCallOrder[0]);
  });

  it('hashes and stores nothing when the policy refuses the password', async () => {
    const refused = new InvalidInputError([{ field: 'password', messages: ['password is one of the most common passwords'] }]);
    policy.assertAcceptable.mockImplementation(() => {
      throw refused;
    });

    await expect(auth.signup(input, client)).rejects.toBe(refused);
    expect(passwords.hash).not.toHaveBeenCalled();
    expect(em.transactional).not.toHaveBeenCalled();
    expect(users.create).not.toHaveBeenCalled();
  });

  it('throws EmailTakenError without hashing when the email is taken', async () => {
    users.emailTaken.mockResolvedValue(true);

    await expect(auth.signup(input, client)).rejects.toBeInstanceOf(EmailTakenError);
    expect(users.emailTaken).toHaveBeenCalledWith(input.email);
    expect(passwords.hash).not.toHaveBeenCalled();
    expect(em.transactional).not.toHaveBeenCalled();
  });

  it('maps a unique violation from the transaction (a lost race) to EmailTakenError', async () => {
    em.transactional.mockRejectedValue(new UniqueConstraintViolationException(new Error('duplicate key')));

    await expect(auth.signup(input, client)).rejects.toBeInstanceOf(EmailTakenError);
    expect(tokens.issueAccessToken).not.toHaveBeenCalled();
    expect(audit.record).not.toHaveBeenCalled();
  });

  it('lets any other error through unchanged', async () => {
    const failure = new Error('connection reset');
    em.transactional.mockRejectedValue(failure);

    await expect(auth.signup(input, client)).rejects.toBe(failure);
  });
});
