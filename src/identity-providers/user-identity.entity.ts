import { Entity, ManyToOne, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { User } from '../users';

/**
 * An account at an identity provider linked to a user: the provider's stable subject (`sub`, or
 * GitHub's numeric id), never the email, names it. One per provider and user.
 */
@Entity({ tableName: 'user_identities' })
@Unique({ name: 'user_identities_provider_subject_unique', properties: ['provider', 'subject'] })
@Unique({ name: 'user_identities_user_provider_unique', properties: ['user', 'provider'] })
export class UserIdentity {
  [OptionalProps]?: 'linkedAt' | 'email';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  user!: User;

  @Property({ type: 'string', length: 20 })
  provider!: string;

  @Property({ type: 'string', length: 255 })
  subject!: string;

  /** The address the provider gave when it was linked, to show the person which account it is. */
  @Property({ type: 'string', length: 254, nullable: true })
  email?: string | null = null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  linkedAt: Date = new Date();
}
