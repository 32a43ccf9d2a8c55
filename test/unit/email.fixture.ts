import { EntityManager } from '@mikro-orm/postgresql';
import type { Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { EmailLinksService, type IssuedToken, type SpentToken } from '../../src/account-recovery/email-links.service';
import type { EmailTokenPurpose } from '../../src/account-recovery/email-token.entity';
import { AuditService, type AuthEventInput } from '../../src/audit';
import type { ClientInfo } from '../../src/common/decorators';
import { authConfig, type AuthConfig } from '../../src/config';
import { testAuthConfig } from './config.fixture';
import { PasswordsService } from '../../src/passwords';
import type { PasswordOwner } from '../../src/passwords/password.policy';
import { type SessionSelection, SessionsService } from '../../src/sessions';
import { User, UsersService } from '../../src/users';

/** Shared setup of the emailed-link specs (password reset, email verification): typed fakes and the compiled service. */

type Account = { email: string } | { userId: string };

export const client: ClientInfo = { ip: '203.0.113.5', userAgent: 'jest' };
// 43 base64url characters, as EmailLinksService makes them.
export const TOKEN = 'q7Yw-3_kP0aZ9xLm2VnB8cDeFgHiJkLmNoPqRsTuVwX';

export const bob = (fields: Partial<Pick<User, 'emailVerifiedAt'>> = {}): User =>
  Object.assign(new User(), { name: 'Bob', email: 'bob@example.com', ...fields });

export function emailFakes() {
  return {
    /** The manager handed to the transaction callback. */
    txEm: {
      marker: 'transaction',
      // Raw statements in the transaction (two-factor's endChallenges, say).
      execute: jest.fn<Promise<unknown>, [string, unknown[], string?]>(),
    },
    em: { transactional: jest.fn<Promise<unknown>, [(em: EntityManager) => unknown]>() },
    links: {
      create: jest.fn<string, [EntityManager, User, EmailTokenPurpose]>(),
      issue: jest.fn<Promise<IssuedToken | null>, [EmailTokenPurpose, Account, number?, EntityManager?]>(),
      spend: jest.fn<Promise<SpentToken | null>, [EntityManager, EmailTokenPurpose, string]>(),
      peek: jest.fn<Promise<SpentToken | null>, [EmailTokenPurpose, string]>(),
      discard: jest.fn<Promise<void>, [EntityManager, string, EmailTokenPurpose]>(),
      send: jest.fn<void, [EmailTokenPurpose, string, string]>(),
      ttlSeconds: jest.fn<number, [EmailTokenPurpose]>(),
    },
    users: {
      findById: jest.fn<Promise<User | null>, [string]>(),
      markEmailVerified: jest.fn<Promise<boolean>, [EntityManager, string, string]>(),
    },
    sessions: {
      end: jest.fn<Promise<number>, [string, SessionSelection?, EntityManager?, Date?]>(),
      changed: jest.fn<void, [string, string?]>(),
    },
    passwords: {
      assertAcceptable: jest.fn<void, [string, PasswordOwner, string?]>(),
      hash: jest.fn<Promise<string>, [string]>(),
      store: jest.fn<Promise<void>, [EntityManager, string, string]>(),
      forgetFailures: jest.fn<Promise<void>, [string]>(),
    },
    audit: {
      record: jest.fn<Promise<void>, [AuthEventInput]>(),
      recordIn: jest.fn<Promise<void>, [EntityManager, AuthEventInput]>(),
    },
  };
}

export type EmailFakes = ReturnType<typeof emailFakes>;

const PROVIDED_AS = {
  em: EntityManager,
  links: EmailLinksService,
  users: UsersService,
  sessions: SessionsService,
  passwords: PasswordsService,
  audit: AuditService,
} as const;

/**
 * Resets every fake so that an unstubbed method throws when called, stubs the transaction (it runs
 * its callback with `txEm`) and the audit trail, and compiles `service` over the fakes and config.
 */
export async function compileEmailService<T>(
  service: Type<T>,
  fakes: EmailFakes,
  auth: Partial<AuthConfig> = {},
): Promise<T> {
  for (const [name, fake] of Object.entries<Record<string, unknown>>(fakes)) {
    for (const [method, fn] of Object.entries(fake)) {
      if (!jest.isMockFunction(fn)) continue;
      fn.mockReset().mockImplementation(() => {
        throw new Error(`unexpected call to ${name}.${method}`);
      });
    }
  }
  fakes.em.transactional.mockImplementation((work) => Promise.resolve(work(fakes.txEm as unknown as EntityManager)));
  fakes.audit.record.mockResolvedValue();
  fakes.audit.recordIn.mockResolvedValue();
  // Evicting from this instance's session cache is always allowed; specs that care assert on it.
  fakes.sessions.changed.mockReturnValue();

  const names = Object.keys(PROVIDED_AS) as (keyof typeof PROVIDED_AS)[];
  const moduleRef = await Test.createTestingModule({
    providers: [
      service,
      ...names.map((name) => ({ provide: PROVIDED_AS[name], useValue: fakes[name] })),
      { provide: authConfig.KEY, useValue: testAuthConfig(auth) },
    ],
  }).compile();
  return moduleRef.get(service);
}
