import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Test } from '@nestjs/testing';
import type { ClientInfo } from '../common/decorators';
import { EmailTakenError } from '../common/errors';
import { User } from '../users/user.entity';
import { type NewUser, UsersService } from '../users/users.service';
import { AuthService } from './auth.service';
import type { SignupInput } from './dto/signup.input';
import type { AuthPayloadModel } from './models/auth-payload.model';
import { PasswordHasher } from './password.hasher';
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
const signedIn = (refreshToken: string): AuthPayloadModel => ({ ...issued, refreshToken, refreshTokenExpiresAt, user });
/** The manager handed to the transaction callback; only its identity matters here. */
const txEm = { transactionManager: true } as unknown as EntityManager;

describe('AuthService', () => {
  let auth: AuthService;
  const em = { transactional: jest.fn<Promise<AuthPayloadModel>, [Work]>() };
  const users = {
    emailTaken: jest.fn<Promise<boolean>, [string]>(),
    findByEmailWithPassword: jest.fn<Promise<User | null>, [string]>(),
    create: jest.fn<User, [EntityManager, NewUser]>(),
  };
  const sessions = {
    create: jest.fn<Session, [EntityManager, User, ClientInfo]>(),
    expiryOf: jest.fn<Date, [Session]>(),
  };
  const refreshTokens = { issue: jest.fn<string, [EntityManager, Session]>() };
  const passwords = {
    hash: jest.fn<Promise<string>, [string]>(),
    verify: jest.fn<Promise<boolean>, [string, string]>(),
    verifyNothing: jest.fn<Promise<false>, [string]>(),
  };
  const tokens = { issueAccessToken: jest.fn<IssuedAccessToken, [string, string]>() };

  beforeEach(async () => {
    jest.resetAllMocks();
    em.transactional.mockImplementation(async (work) => work(txEm));
    users.emailTaken.mockResolvedValue(false);
    users.create.mockReturnValue(user);
    sessions.create.mockReturnValue(session);
    sessions.expiryOf.mockReturnValue(refreshTokenExpiresAt);
    refreshTokens.issue.mockReturnValue('refresh-0');
    passwords.hash.mockResolvedValue('$2b$04$new-hash');
    passwords.verifyNothing.mockResolvedValue(false);
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

      await expect(auth.validateCredentials(user.email, 'right')).resolves.toBe(user);
      expect(passwords.verifyNothing).not.toHaveBeenCalled();
    });

    it('trims and lower-cases the email before the lookup', async () => {
      users.findByEmailWithPassword.mockResolvedValue(null);

      await expect(auth.validateCredentials('  Alice@Example.COM \n', 'pw')).resolves.toBeNull();
      expect(users.findByEmailWithPassword).toHaveBeenCalledWith('alice@example.com');
    });
  });

  describe('signup and login', () => {
    it('creates user, session and refresh token in one transaction with the hash, and signs in', async () => {
      await expect(auth.signup(input, client)).resolves.toEqual(signedIn('refresh-0'));
      expect(passwords.hash).toHaveBeenCalledWith(input.password);
      expect(users.create).toHaveBeenCalledWith(txEm, { name: 'Alice', email: 'alice@example.com', passwordHash: '$2b$04$new-hash' });
      expect(sessions.create).toHaveBeenCalledWith(txEm, user, client);
      expect(refreshTokens.issue).toHaveBeenCalledWith(txEm, session);
      expect(tokens.issueAccessToken).toHaveBeenCalledWith(user.id, session.id);
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
    });

    it('lets any other error through unchanged', async () => {
      const failure = new Error('connection reset');
      em.transactional.mockRejectedValue(failure);

      await expect(auth.signup(input, client)).rejects.toBe(failure);
    });

    it('login starts a session with a refresh token inside a transaction', async () => {
      await expect(auth.login(user, client)).resolves.toEqual(signedIn('refresh-0'));
      expect(em.transactional).toHaveBeenCalledTimes(1);
      expect(sessions.create).toHaveBeenCalledWith(txEm, user, client);
      expect(refreshTokens.issue).toHaveBeenCalledWith(txEm, session);
    });
  });
});
