import { EntityManager, type FilterQuery } from '@mikro-orm/postgresql';
import type { Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { EmailVerificationService, PasswordResetService } from '../../src/account-recovery';
import { AuditService } from '../../src/audit';
import { LoginService } from '../../src/auth/login.service';
import type { ClientInfo } from '../../src/common/decorators';
import { PasswordsService } from '../../src/passwords';
import { LoginBackoffService } from '../../src/passwords/login-backoff.service';
import { PasswordHasher } from '../../src/passwords/password.hasher';
import { PasswordPolicy } from '../../src/passwords/password.policy';
import { Session, SessionIssuer, type SessionPayload, SessionsService } from '../../src/sessions';
import { RefreshTokensService } from '../../src/sessions/refresh/refresh-tokens.service';
import { type IssuedAccessToken, TokensService } from '../../src/tokens';
import { PasskeysService } from '../../src/passkeys';
import { StepUpService, TwoFactorChallenges } from '../../src/two-factor';
import { User, UsersService } from '../../src/users';

/**
 * Shared setup of the specs of the services that sign people in and re-check their passwords
 * (PasswordsService, SessionIssuer, SignupService, LoginService, LocalStrategy, AccountService,
 * PasswordChangeService):
 * typed fakes of their collaborators, and the service under test compiled over them.
 */

export const client: ClientInfo = { ip: '127.0.0.1', userAgent: 'jest' };
export const issued: IssuedAccessToken = { accessToken: 'signed.jwt.token', accessTokenExpiresAt: new Date() };
export const refreshTokenExpiresAt = new Date(Date.now() + 30_000);

export const alice = (fields: Partial<Pick<User, 'passwordHash' | 'emailVerifiedAt'>> = {}): User =>
  Object.assign(new User(), { name: 'Alice', email: 'alice@example.com', ...fields });
export const sessionOf = (user: User): Session =>
  Object.assign(new Session(), { user, expiresAt: new Date(Date.now() + 60_000) });
/** What SessionIssuer answers for `session` with `refreshToken` (given the fakes' defaults below). */
export const signedIn = (session: Session, refreshToken: string): SessionPayload => ({
  sessionId: session.id,
  ...issued,
  refreshToken,
  refreshTokenExpiresAt,
  user: session.user,
});

/** When `fn` was first called, in jest's call order across all mocks: for "a before b" assertions. */
export const firstCallOf = (fn: { mock: { invocationCallOrder: number[] } }): number => fn.mock.invocationCallOrder[0];

/**
 * Fakes of the named methods of T, each with the real method's signature: a collaborator whose
 * signature changes breaks the specs' compile instead of leaving them testing a stale shape.
 */
const fakeOf =
  <T>() =>
  <K extends keyof T>(...methods: K[]): jest.Mocked<Pick<T, K>> =>
    Object.fromEntries(methods.map((method) => [method, jest.fn()])) as unknown as jest.Mocked<Pick<T, K>>;

/** `fake` where an EntityManager is expected: for a spec to hand a transaction's fake to the service. */
export const asEm = (fake: object): EntityManager => fake as unknown as EntityManager;

/** Whatever a transaction returns: a payload, or (signup) the new user with its verification token. */
type Work = (em: EntityManager) => unknown;

/** One fake per collaborator, with every method some spec of these services stubs or checks. */
export function authFakes() {
  return {
    /** The manager handed to the transaction callback (and to SessionIssuer.keepOnly). */
    txEm: {
      findOneOrFail: jest.fn<Promise<Session>, [typeof Session, FilterQuery<Session>, unknown]>(),
      // Raw statements in the transaction (two-factor's endChallenges, say).
      execute: jest.fn<Promise<unknown>, [string, unknown[], string?]>(),
    },
    em: { transactional: jest.fn<Promise<unknown>, [Work]>() },
    users: fakeOf<UsersService>()(
      'findForLogin',
      'emailTaken',
      'create',
      'passwordHashOf',
      'setPasswordHash',
      'rename',
      'delete',
    ),
    passwords: fakeOf<PasswordsService>()(
      'assertAcceptable',
      'hash',
      'store',
      'checkLogin',
      'assertCurrent',
      'forgetFailures',
    ),
    hasher: fakeOf<PasswordHasher>()('hash', 'verify', 'verifyNothing'),
    policy: fakeOf<PasswordPolicy>()('assertAcceptable'),
    backoff: fakeOf<LoginBackoffService>()('claimAttempt', 'recordSuccess'),
    issuer: fakeOf<SessionIssuer>()('start', 'refresh', 'keepOnly'),
    sessions: fakeOf<SessionsService>()('create', 'expiryOf', 'end', 'changed'),
    refreshTokens: fakeOf<RefreshTokensService>()('issue', 'forget', 'rotate'),
    tokens: fakeOf<TokensService>()('issueAccessToken'),
    audit: fakeOf<AuditService>()('record', 'recordIn'),
    /** `required` stands for the REQUIRE_EMAIL_VERIFICATION getter: false unless a spec sets it. */
    verification: { required: false, ...fakeOf<EmailVerificationService>()('create', 'send', 'request') },
    resets: fakeOf<PasswordResetService>()('voidLinks'),
    /** For the local strategy: the sign-in (password check and session, one transaction) is LoginService's. */
    logins: fakeOf<LoginService>()('signIn'),
    /** The second factor: a challenge at login when it is on, and the step-up before sensitive changes. */
    twoFactor: fakeOf<TwoFactorChallenges>()('issueIfEnabled'),
    stepUp: fakeOf<StepUpService>()('assertRecentIfTwoFactor'),
    passkeys: fakeOf<PasskeysService>()('hasAny'),
  };
}

export type AuthFakes = ReturnType<typeof authFakes>;

const PROVIDED_AS = {
  em: EntityManager,
  users: UsersService,
  passwords: PasswordsService,
  hasher: PasswordHasher,
  policy: PasswordPolicy,
  backoff: LoginBackoffService,
  issuer: SessionIssuer,
  sessions: SessionsService,
  refreshTokens: RefreshTokensService,
  tokens: TokensService,
  audit: AuditService,
  verification: EmailVerificationService,
  resets: PasswordResetService,
  logins: LoginService,
  twoFactor: TwoFactorChallenges,
  stepUp: StepUpService,
  passkeys: PasskeysService,
} as const;

export type Collaborator = keyof typeof PROVIDED_AS;

/**
 * Resets every fake, stubs what every spec stubs alike, and compiles `service` over the fakes (the
 * fake standing for `service` itself is left out). A method left unstubbed throws when called, as a
 * missing method on a hand-written fake would, so a spec stubs (in its own beforeEach) exactly what
 * its flows may use. An `unused` collaborator is provided as `{}`: it only satisfies the constructor.
 */
export async function compileOver<T>(
  service: Type<T>,
  fakes: AuthFakes,
  { unused = [] }: { unused?: Collaborator[] } = {},
): Promise<T> {
  for (const [name, fake] of Object.entries<Record<string, unknown>>(fakes)) {
    for (const [method, fn] of Object.entries(fake)) {
      if (!jest.isMockFunction(fn)) continue;
      fn.mockReset().mockImplementation(() => {
        throw new Error(`unexpected call to ${name}.${method}`);
      });
    }
  }
  fakes.verification.required = false;
  fakes.em.transactional.mockImplementation((work) => Promise.resolve(work(asEm(fakes.txEm))));
  fakes.sessions.expiryOf.mockReturnValue(refreshTokenExpiresAt);
  fakes.tokens.issueAccessToken.mockReturnValue(issued);
  fakes.policy.assertAcceptable.mockReturnValue(undefined);
  fakes.passwords.assertAcceptable.mockReturnValue(undefined);
  // The backoff's methods take the caller's transaction as an optional last argument; specs assert which one.
  fakes.backoff.claimAttempt.mockResolvedValue();
  fakes.backoff.recordSuccess.mockResolvedValue();
  fakes.audit.record.mockResolvedValue();
  fakes.audit.recordIn.mockResolvedValue();
  // Two-factor is off unless a spec turns it on; so no step-up is ever due.
  fakes.twoFactor.issueIfEnabled.mockResolvedValue(null);
  fakes.stepUp.assertRecentIfTwoFactor.mockResolvedValue();
  // No passkeys unless a spec gives the account one.
  fakes.passkeys.hasAny.mockResolvedValue(false);
  fakes.passwords.forgetFailures.mockResolvedValue();
  // Evicting from this instance's session cache is always allowed; specs that care assert on it.
  fakes.sessions.changed.mockReturnValue();

  const names = (Object.keys(PROVIDED_AS) as Collaborator[]).filter((name) => PROVIDED_AS[name] !== service);
  const moduleRef = await Test.createTestingModule({
    providers: [
      service,
      ...names.map((name) => ({ provide: PROVIDED_AS[name], useValue: unused.includes(name) ? {} : fakes[name] })),
    ],
  }).compile();
  return moduleRef.get(service);
}
