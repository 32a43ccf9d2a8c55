import { Entity, ManyToOne, OptionalProps, Property } from '@mikro-orm/core';
import { User } from '../../users';

/**
 * An account's TOTP secret: set up (enabledAt null) until a first code confirms it, then on. The
 * secret is stored only sealed (AES-256-GCM, DataCipher) beside the id of the key that sealed it.
 */
@Entity({ tableName: 'two_factor_credentials' })
export class TwoFactorCredential {
  [OptionalProps]?: 'enabledAt' | 'lastUsedStep' | 'createdAt';

  @ManyToOne(() => User, { primary: true, deleteRule: 'cascade' })
  user!: User;

  /** The 160-bit secret, sealed: `v1.` and base64url of nonce, ciphertext and tag. */
  @Property({ type: 'text' })
  secret!: string;

  @Property({ type: 'string', length: 32 })
  keyId!: string;

  @Property({ type: 'datetime', nullable: true })
  enabledAt?: Date | null = null;

  /** The time step of the last code accepted: a code of that step or an earlier one is a replay. */
  @Property({ type: 'integer', nullable: true })
  lastUsedStep?: number | null = null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
