import { BigIntType, Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { User } from '../../users';

/** A WebAuthn credential of a person: its public key and what the authenticator said of itself. */
@Entity({ tableName: 'passkeys' })
export class Passkey {
  [OptionalProps]?: 'createdAt' | 'lastUsedAt' | 'transports';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Index({ name: 'passkeys_user_id_index' })
  @ManyToOne(() => User, { deleteRule: 'cascade' })
  user!: User;

  /** The credential id, base64url, as the browser reports it: unique across accounts. */
  @Property({ type: 'text', unique: 'passkeys_credential_id_unique' })
  credentialId!: string;

  /** The COSE public key; only the authenticator holds the private half. */
  @Property({ type: 'blob' })
  publicKey!: Buffer;

  /** The signature counter (0 for authenticators that keep none, as synced passkeys do). */
  @Property({ type: new BigIntType('number') })
  counter!: number;

  @Property({ type: 'json' })
  transports: string[] = [];

  /** Synced to a cloud account (multi-device), so losing one device does not lose it. */
  @Property({ type: 'boolean' })
  backedUp!: boolean;

  @Property({ type: 'string', length: 64 })
  name!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  lastUsedAt?: Date | null = null;
}
