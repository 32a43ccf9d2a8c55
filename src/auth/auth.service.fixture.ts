import { EntityManager } from '@mikro-orm/postgresql';
import { Test } from '@nestjs/testing';
import { AuditService, type AuthEventInput } from '../audit/audit.service';
import type { ClientInfo } from '../common/decorators';
import { User } from '../users/user.entity';
import { type NewUser, UsersService } from '../users/users.service';
import { AuthService } from './auth.service';
import type { EmailTokenPurpose } from './email/email-token.entity';
import { EmailTokensService } from './email/email-tokens.service';
import { EmailVerificationService } from './email/email-verification.service';
import { LoginBackoffService } from './login-backoff.service';
import { PasswordHasher } from './password.hasher';
import { type PasswordOwner, PasswordPolicy } from './password.policy';
import { type Rotation, RefreshTokensService } from './refresh-tokens.service';
import { Session } from './session.entity';
import { SessionsService } from './sessions.service';
import { type IssuedAccessToken, TokensService } from './tokens.service';

/** Shared setup of the AuthService specs (auth.service*.spec.ts): typed fakes of its collaborators and the compiled service. */

/** Whatever a transaction returns: a payload, or (signup) the new user with its verification token. */
type Work = (em: EntityManager) => unknown;
type Which = { only?: string; except?: string };

export const client: ClientInfo = { ip: '127.0.0.1', userAgent: 'jest' };
export const issued: IssuedAccessToken = { accessToken: 'signed.jwt.token', accessTokenExpiresAt: new Date() };
export const refreshTokenExpiresAt = new Date(Date.now() + 30_000);

export const alice = (fields: Partial<Pick<User, 'passwordHash' | 'emailVerifiedAt'>> = {}): User =>
  Object.assign(new User(), { name: 'Alice', email: 'alice@example.com', ...fields });
export const sessionOf = (user: User): Session => Object.assign(new Session(), { user, expiresAt: new Date(Date.now() + 60_000) });

/** One fake per collaborator, with every method some AuthService spec stubs or checks. */
export function authFakes() {
  return {
    /** The manager handed to the transaction callback. */
    txEm: { findOneOrFail: jest.fn<Promise<Session>, [typeof Session, { id: string }, unknown]>() },
    em: { transactional: jest.fn<Promise<unknown>, [Work]>() },
    users: {
      findByEmailWithPassword: jest.fn<Promise<User | null>, [string]>(),
      emailTaken: jest.fn<Promise<boolean>, [string]>(),
      create: jest.fn<User, [EntityManager, NewUser]>(),
      passwordHashOf: jest.fn<Promise<string | null>, [string]>(),
      setPasswordHash: jest.fn<Promise<void>, [EntityManager, string, string]>(),
      delete: jest.fn<Promise<void>, [string]>(),
      passwordStillIs: jest.fn<Promise<boolean>, [EntityManager, string, string]>(),
    },
    sessions: {
      create: jest.fn<Session, [EntityManager, User, ClientInfo]>(),
      expiryOf: jest.fn<Date, [Session]>(),
      revoke: jest.fn<Promise<number>, [string, Which?, EntityManager?]>(),
      forgetUser: jest.fn<void, [string]>(),
    },
    refreshTokens: {
      issue: jest.fn<string, [EntityManager, Session]>(),
      forget: jest.fn<Promise<number>, [EntityManager, Session]>(),
      rotate: jest.fn<Promise<Rotation>, [string]>(),
    },
    passwords: {
      hash: jest.fn<Promise<string>, [string]>(),
      verify: jest.fn<Promise<boolean>, [string, string]>(),
      verifyNothing: jest.fn<Promise<false>, [string]>(),
    },
    tokens: { issueAccessToken: jest.fn<IssuedAccessToken, [string, string]>() },
    policy: { assertAcceptable: jest.fn<void, [string, PasswordOwner, string?]>() },
    backoff: { claimAttempt: jest.fn<Promise<void>, [string]>(), recordSuccess: jest.fn<Promise<void>, [string]>() },
    audit: { record: jest.fn<Promise<void>, [AuthEventInput]>() },
    /** `required` stands for the REQUIRE_EMAIL_VERIFICATION getter: false unless a spec sets it. */
    verification: {
      required: false,
      create: jest.fn<string, [EntityManager, User]>(),
      send: jest.fn<void, [string, string]>(),
      request: jest.fn<Promise<boolean>, [User, ClientInfo?, number?]>(),
    },
    emailTokens: { discard: jest.fn<Promise<void>, [EntityManager, string, EmailTokenPurpose]>() },
  };
}

export type AuthFakes = ReturnType<typeof authFakes>;

const PROVIDED_AS = {
  em: EntityManager,
  users: UsersService,
  sessions: SessionsService,
  refreshTokens: RefreshTokensService,
  passwords: PasswordHasher,
  tokens: TokensService,
  policy: PasswordPolicy,
  backoff: LoginBackoffService,
  audit: AuditService,
  verification: EmailVerificationService,
  emailTokens: EmailTokensService,
} as const;

export type Collaborator = keyof typeof PROVIDED_AS;

/**
 * Resets every fake, stubs what every AuthService spec stubs alike, and compiles AuthService over
 * the fakes. A method left unstubbed throws when called, as a missing method on a hand-written
 * fake would, so a spec stubs (in its own beforeEach) exactly what its flows may use. An `unused`
 * collaborator is provided as `{}`: it only satisfies the constructor.
 */
export async function compileAuthService(fakes: AuthFakes, { unused = [] }: { unused?: Collaborator[] } = {}): Promise<AuthService> {
  for (const [name, fake] of Object.entries<Record<string, unknown>>(fakes)) {
    for (const [method, fn] of Object.entries(fake)) {
      if (!jest.isMockFunction(fn)) continue;
      fn.mockReset().mockImplementation(() => {
        throw new Error(`unexpected call to ${name}.${method}`);
      });
    }
  }
  fakes.verification.required = false;
  fakes.em.transactional.mockImplementation(async (work) => work(fakes.txEm as unknown as EntityManager));
  fakes.sessions.expiryOf.mockReturnValue(refreshTokenExpiresAt);
  fakes.tokens.issueAccessToken.mockReturnValue(issued);
  fakes.policy.assertAcceptable.mockReturnValue(undefined);
  fakes.backoff.claimAttempt.mockResolvedValue();
  fakes.backoff.recordSuccess.mockResolvedValue();
  fakes.audit.record.mockResolvedValue();
  // Evicting from this instance's session cache is always allowed; specs that care assert on it.
  fakes.sessions.forgetUser.mockReturnValue();
  // The password checked is still the account's, unless a spec says a reset got in between.
  fakes.users.passwordStillIs.mockResolvedValue(true);

  const names = Object.keys(PROVIDED_AS) as Collaborator[];
  const moduleRef = await Test.createTestingModule({
    providers: [AuthService, ...names.map((name) => ({ provide: PROVIDED_AS[name], useValue: unused.includes(name) ? {} : fakes[name] }))],
  }).compile();
  return moduleRef.get(AuthService);
}
