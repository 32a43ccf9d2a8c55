import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Session } from '../session.entity';

/**
 * One refresh token of a session's rotation chain, stored only as its SHA-256. Spent tokens stay
 * until the session ends, so a replay of any of them is recognised as theft.
 */
@Entity({ tableName: 'refresh_tokens' })
export class RefreshToken {
  [OptionalProps]?: 'createdAt' | 'spentAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Index({ name: 'refresh_tokens_session_id_index' })
  @ManyToOne(() => Session, { deleteRule: 'cascade' })
  session!: Session;

  @Property({ type: 'string', length: 64, unique: 'refresh_tokens_token_hash_unique' })
  tokenHash!: string;

  /** 0 for the token issued at login; each rotation adds one. */
  @Property({ type: 'integer' })
  generation!: number;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  spentAt?: Date | null = null;
}
