import { Check, Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

@Entity({ tableName: 'users' })
@Check({ name: 'users_email_lower_case', expression: 'email = lower(email)' })
export class User {
  [OptionalProps]?: 'createdAt' | 'emailVerifiedAt' | 'emailVerified' | 'passwordHash';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 120 })
  name!: string;

  /** Stored trimmed and lower-cased; the unique index on it is what keeps one account per address. */
  @Property({ type: 'string', length: 254, unique: 'users_email_unique' })
  email!: string;

  /**
   * bcrypt over an HMAC pre-hash of the NFKC password (see PasswordHasher); never leaves the server.
   * Null for an account an identity provider created, until a reset sets one.
   */
  @Property({ type: 'string', length: 100, lazy: true, hidden: true, nullable: true })
  passwordHash?: string | null;

  /** When the person followed a link sent to `email`; null until then. */
  @Property({ type: 'datetime', nullable: true })
  emailVerifiedAt?: Date | null = null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  get emailVerified(): boolean {
    return this.emailVerifiedAt != null;
  }
}

/** A User for the request, from the fields of a raw lookup: not managed by any EntityManager. */
export function userOf(fields: Pick<User, 'id' | 'name' | 'email' | 'emailVerifiedAt' | 'createdAt'>): User {
  return Object.assign(Object.create(User.prototype) as User, fields);
}
