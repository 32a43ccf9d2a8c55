import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { User } from '../../users';

export enum PasskeyChallengePurpose {
  /** Adding a passkey to `user`. */
  REGISTRATION = 'REGISTRATION',
  /** A login for the account an email named: `user`, or none when the address has no account. */
  LOGIN_FOR_ACCOUNT = 'LOGIN_FOR_ACCOUNT',
  /** A login with any discoverable passkey: the credential says whose it is. */
  LOGIN = 'LOGIN',
}

/**
 * A WebAuthn challenge handed to a browser (256 random bits), stored only as its SHA-256: it works
 * once, for a few minutes, for its purpose (and its account) only.
 */
@Entity({ tableName: 'passkey_challenges' })
export class PasskeyChallenge {
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 64, unique: 'passkey_challenges_token_hash_unique' })
  tokenHash!: string;

  @Property({ type: 'string', length: 20 })
  purpose!: PasskeyChallengePurpose;

  @Index({ name: 'passkey_challenges_user_id_index' })
  @ManyToOne(() => User, { deleteRule: 'cascade', nullable: true })
  user?: User | null;

  // Abandoned challenges are swept by expiry as new ones are made.
  @Index({ name: 'passkey_challenges_expires_at_index' })
  @Property({ type: 'datetime' })
  expiresAt!: Date;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
