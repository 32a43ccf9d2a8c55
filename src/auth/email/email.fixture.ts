import { EntityManager } from '@mikro-orm/postgresql';
import type { Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AuditService, type AuthEventInput } from '../../audit/audit.service';
import type { ClientInfo } from '../../common/decorators';
import { authConfig, type AuthConfig, mailConfig, type MailConfig } from '../../config';
import { testAuthConfig, testMailConfig } from '../../config/config.fixture';
import type { MailMessage } from '../../mail/mail.templates';
import { Mailer } from '../../mail/mailer.service';
import { User } from '../../users/user.entity';
import { UsersService } from '../../users/users.service';
import { LoginBackoffService } from '../login-backoff.service';
import { PasswordHasher } from '../password.hasher';
import { type PasswordOwner, PasswordPolicy } from '../password.policy';
import { SessionCache } from '../session-cache';
import { SessionsService } from '../sessions.service';
import type { EmailTokenPurpose } from './email-token.entity';
import { EmailTokensService, type IssuedToken, type SpentToken } from './email-tokens.service';

/** Shared setup of the emailed-link specs (password reset, email verification): typed fakes and the compiled service. */

type Which = { only?: string; except?: string };
type Account = { email: string } | { userId: string };

export const client: ClientInfo = { ip: '203.0.113.5', userAgent: 'jest' };
// 43 base64url characters, as EmailTokensService makes them.
export const TOKEN = 'q7Yw-3_kP0aZ9xLm2VnB8cDeFgHiJkLmNoPqRsTuVwX';

export const bob = (fields: Partial<Pick<User, 'emailVerifiedAt'>> = {}): User =>
  Object.assign(new User(), { name: 'Bob', email: 'bob@example.com', ...fields });

export function emailFakes() {
  return {
    /** The manager handed to the transaction callback. */
    txEm: { marker: 'transaction' },
    em: { transactional: jest.fn<Promise<unknown>, [(em: EntityManager) => unknown]>() },
    tokens: {
      create: jest.fn<string, [EntityManager, User, EmailTokenPurpose, number]>(),
      issue: jest.fn<Promise<IssuedToken | null>, [EmailTokenPurpose, number, Account, number?, EntityManager?]>(),
      spend: jest.fn<Promise<SpentToken | null>, [EntityManager, EmailTokenPurpose, string]>(),
      peek: jest.fn<Promise<SpentToken | null>, [EmailTokenPurpose, string]>(),
    },
    users: {
      findById: jest.fn<Promise<User | null>, [string]>(),
      setPasswordHash: jest.fn<Promise<void>, [EntityManager, string, string]>(),
      markEmailVerified: jest.fn<Promise<boolean>, [EntityManager, string, string]>(),
    },
    sessions: { revoke: jest.fn<Promise<number>, [string, Which?, EntityManager?]>(), forgetUser: jest.fn<void, [string]>() },
    sessionCache: { evictUser: jest.fn<void, [string]>() },
    passwords: { hash: jest.fn<Promise<string>, [string]>() },
    policy: { assertAcceptable: jest.fn<void, [string, PasswordOwner, string?]>() },
    backoff: { recordSuccess: jest.fn<Promise<void>, [string]>() },
    mailer: { send: jest.fn<void, [MailMessage]>() },
    audit: { record: jest.fn<Promise<void>, [AuthEventInput]>(), recordIn: jest.fn<Promise<void>, [EntityManager, AuthEventInput]>() },
  };
}

export type EmailFakes = ReturnType<typeof emailFakes>;

const PROVIDED_AS = {
  em: EntityManager,
  tokens: EmailTokensService,
  users: UsersService,
  sessions: SessionsService,
  passwords: PasswordHasher,
  policy: PasswordPolicy,
  backoff: LoginBackoffService,
  mailer: Mailer,
  audit: AuditService,
  sessionCache: SessionCache,
} as const;

/**
 * Resets every fake so that an unstubbed method throws when called, stubs the transaction (it runs
 * its callback with `txEm`) and the audit trail, and compiles `service` over the fakes and configs.
 */
export async function compileEmailService<T>(
  service: Type<T>,
  fakes: EmailFakes,
  config: { auth?: Partial<AuthConfig>; mail?: Partial<MailConfig> } = {},
): Promise<T> {
  for (const [name, fake] of Object.entries<Record<string, unknown>>(fakes)) {
    for (const [method, fn] of Object.entries(fake)) {
      if (!jest.isMockFunction(fn)) continue;
      fn.mockReset().mockImplementation(() => {
        throw new Error(`unexpected call to ${name}.${method}`);
      });
    }
  }
  fakes.em.transactional.mockImplementation(async (work) => work(fakes.txEm as unknown as EntityManager));
  fakes.audit.record.mockResolvedValue();
  fakes.audit.recordIn.mockResolvedValue();
  // Evicting from this instance's session cache is always allowed; specs that care assert on it.
  fakes.sessions.forgetUser.mockReturnValue();
  fakes.sessionCache.evictUser.mockReturnValue();

  const names = Object.keys(PROVIDED_AS) as (keyof typeof PROVIDED_AS)[];
  const moduleRef = await Test.createTestingModule({
    providers: [
      service,
      ...names.map((name) => ({ provide: PROVIDED_AS[name], useValue: fakes[name] })),
      { provide: authConfig.KEY, useValue: testAuthConfig(config.auth) },
      { provide: mailConfig.KEY, useValue: testMailConfig(config.mail) },
    ],
  }).compile();
  return moduleRef.get(service);
}
