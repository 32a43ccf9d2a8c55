import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { User } from '../../users';

/**
 * A login whose password was right, waiting for its second factor. The challenge (256 random bits)
 * is stored only as its SHA-256, works once, for a few minutes, for this account only.
 */
@Entity({ tableName: 'two_factor_challenges' })
export class TwoFactorChallenge {
  [OptionalProps]?: 'failures' | 'firstFactor' | 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Index({ name: 'two_factor_challenges_user_id_index' })
  @ManyToOne(() => User, { deleteRule: 'cascade' })
  user!: User;

  @Property({ type: 'string', length: 64, unique: 'two_factor_challenges_token_hash_unique' })
  tokenHash!: string;

  @Property({ type: 'datetime' })
  expiresAt!: Date;

  /** Wrong codes given so far; the fifth ends the challenge. */
  @Property({ type: 'integer', default: 0 })
  failures: number = 0;

  /** What the sign-in proved before the code: the password, or an identity provider. */
  @Property({ type: 'string', length: 20, default: 'PASSWORD' })
  firstFactor: string = 'PASSWORD';

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
