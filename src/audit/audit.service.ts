import { EntityManager, raw } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { ClientInfo } from '../common/decorators';
import { InvalidInputError } from '../common/errors';
import { isUuid } from '../common/validation';
import { AuthEvent, type AuthEventType } from './auth-event.entity';
import type { AuthEventConnection } from './models/auth-event.model';

export interface AuthEventInput {
  type: AuthEventType;
  userId?: string | null;
  sessionId?: string | null;
  email?: string | null;
  detail?: string | null;
  client?: ClientInfo;
}

const MAX_PAGE = 100;
const encodeCursor = (event: AuthEvent) =>
  Buffer.from(`${event.occurredAt.toISOString()}|${event.id}`).toString('base64url');

function decodeCursor(cursor: string): { occurredAt: Date; id: string } {
  const [time, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const occurredAt = new Date(time);
  if (!isUuid(id) || Number.isNaN(occurredAt.getTime())) {
    throw new InvalidInputError([{ field: 'after', messages: ['after is not a cursor this API gave out'] }]);
  }
  return { occurredAt, id };
}

/** The audit trail: what happened to an account, when, from where. */
@Injectable()
export class AuditService {
  private readonly logger = new Logger(AuditService.name);

  constructor(private readonly em: EntityManager) {}

  /** Never fails the operation it records: a failed write is logged, not thrown. */
  async record(event: AuthEventInput): Promise<void> {
    try {
      await this.recordIn(this.em.fork(), event);
    } catch (error) {
      this.logger.warn(`could not record ${event.type}: ${error instanceof Error ? error.name : String(error)}`);
    }
  }

  /** Records the event in `em`'s transaction: it commits (or fails) with the operation. */
  async recordIn(em: EntityManager, event: AuthEventInput): Promise<void> {
    // A native insert: no entity (and no constructor defaults), so the id is given here.
    await em.insert(AuthEvent, {
      id: randomUUID(),
      type: event.type,
      userId: event.userId ?? null,
      sessionId: event.sessionId ?? null,
      email: event.email ?? null,
      detail: event.detail ?? null,
      ip: event.client?.ip ?? null,
      userAgent: event.client?.userAgent ?? null,
      // The database's clock, to the millisecond the cursors use: every instance orders events alike.
      occurredAt: raw("date_trunc('milliseconds', clock_timestamp())"),
    });
  }

  /** The user's events, newest first, `first` at a time after the `after` cursor. */
  async page(userId: string, first: number, after?: string | null): Promise<AuthEventConnection> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE) {
      throw new InvalidInputError([{ field: 'first', messages: [`first must be 1 to ${MAX_PAGE}`] }]);
    }
    const cursor = after ? decodeCursor(after) : null;
    const where = cursor
      ? {
          userId,
          $or: [{ occurredAt: { $lt: cursor.occurredAt } }, { occurredAt: cursor.occurredAt, id: { $lt: cursor.id } }],
        }
      : { userId };
    const rows = await this.em.find(AuthEvent, where, {
      orderBy: { occurredAt: 'desc', id: 'desc' },
      limit: first + 1,
    });
    const page = rows.slice(0, first);
    return {
      edges: page.map((node) => ({ cursor: encodeCursor(node), node })),
      pageInfo: {
        hasNextPage: rows.length > first,
        endCursor: page.length ? encodeCursor(page[page.length - 1]) : null,
      },
    };
  }
}
