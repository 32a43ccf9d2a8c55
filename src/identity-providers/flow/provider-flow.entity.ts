import { Entity, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

/**
 * A browser on its way to a provider and back: what the callback must find (state, stored only as
 * SHA-256), check (nonce) and send (the PKCE verifier). Single use, ten minutes.
 */
@Entity({ tableName: 'identity_provider_flows' })
export class ProviderFlow {
  [OptionalProps]?: 'createdAt' | 'returnTo' | 'linkUserId' | 'linkSessionId';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 64, unique: 'identity_provider_flows_state_hash_unique' })
  stateHash!: string;

  @Property({ type: 'string', length: 20 })
  provider!: string;

  @Property({ type: 'string', length: 64 })
  nonce!: string;

  @Property({ type: 'string', length: 128 })
  codeVerifier!: string;

  /** A path on APP_URL, already checked. */
  @Property({ type: 'string', length: 512, nullable: true })
  returnTo?: string | null = null;

  /** Set when a signed-in person links a provider: the account and the session that asked. */
  @Property({ type: 'uuid', nullable: true })
  linkUserId?: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  linkSessionId?: string | null = null;

  @Index({ name: 'identity_provider_flows_expires_at_index' })
  @Property({ type: 'datetime' })
  expiresAt!: Date;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
