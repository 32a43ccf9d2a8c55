import { EntityManager, type FilterQuery } from '@mikro-orm/postgresql';
import { Test } from '@nestjs/testing';
import { AuditService, type AuthEventInput } from '../../src/audit';
import { authConfig, type AuthConfig } from '../../src/config';
import { SessionCache, type SessionRow } from '../../src/sessions/cache/session-cache';
import { Session } from '../../src/sessions/session.entity';
import { SessionsService } from '../../src/sessions/sessions.service';

/** Shared setup of the SessionsService specs (sessions.service*.spec.ts): typed fakes and the compiled service. */

/** One row of the live-session query as the driver gives it: times as epoch milliseconds, as numbers or numeric text. */
export interface LiveRecord {
  session_id: string;
  expires_at: number | string;
  last_seen_at: number | string;
  id: string;
  name: string;
  email: string;
  email_verified_at: number | string | null;
  created_at: number | string;
}

type ExecuteMethod = 'all' | 'get' | 'run';

/** Fresh fakes: make them in beforeEach, so no test sees another's stubs or calls. */
export function sessionsFakes() {
  const connection = { execute: jest.fn<Promise<LiveRecord[] | void>, [string, unknown[], ExecuteMethod?]>() };
  return {
    connection,
    em: {
      nativeUpdate: jest.fn<Promise<number>, [typeof Session, FilterQuery<Session>, Partial<Session>]>(),
      getConnection: jest.fn(() => connection),
    },
    audit: { record: jest.fn<Promise<void>, [AuthEventInput]>() },
    cache: {
      get: jest.fn<SessionRow | undefined, [string, number?]>(),
      begin: jest.fn<number, []>(),
      set: jest.fn<void, [SessionRow, number]>(),
      evictUser: jest.fn<void, [string]>(),
      evictSession: jest.fn<void, [string]>(),
    },
  };
}

export type SessionsFakes = ReturnType<typeof sessionsFakes>;

export async function compileSessions(fakes: SessionsFakes, config: AuthConfig): Promise<SessionsService> {
  const moduleRef = await Test.createTestingModule({
    providers: [
      SessionsService,
      { provide: EntityManager, useValue: fakes.em },
      { provide: authConfig.KEY, useValue: config },
      { provide: AuditService, useValue: fakes.audit },
      { provide: SessionCache, useValue: fakes.cache },
    ],
  }).compile();
  return moduleRef.get(SessionsService);
}
