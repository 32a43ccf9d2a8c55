import { Entity, ManyToOne, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { User } from '../users';

export enum EmailTokenPurpose {
  RESET_PASSWORD = 'RESET_PASSWORD',
  VERIFY_EMAIL = 'VERIFY_EMAIL',
}

/**
 * A token sent by email, stored only as its SHA-256. One per account and purpose: a newer request
 * replaces the row, so an older link stops working. Spending deletes the row.
 */
@Entity({ tableName: 'email_tokens' })
@Unique({ name: 'email_tokens_user_purpose_unique', properties: ['user', 'purpose'] })
export class EmailToken {
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  user!: User;

  @Property({ type: 'string', length: 20 })
  purpose!: EmailTokenPurpose;

  @Property({ type: 'string', length: 64, unique: 'email_tokens_token_hash_unique' })
  tokenHash!: string;

  /** The address the link was sent to: verifying it means nothing once the account's address differs. */
  @Property({ type: 'string', length: 254 })
  email!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime' })
  expiresAt!: Date;
}
