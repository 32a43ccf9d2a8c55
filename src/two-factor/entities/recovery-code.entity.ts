import { Entity, ManyToOne, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { User } from '../../users';

/** One unused recovery code, stored only as its SHA-256; using it deletes the row. */
@Entity({ tableName: 'recovery_codes' })
@Unique({ name: 'recovery_codes_user_code_unique', properties: ['user', 'codeHash'] })
export class RecoveryCode {
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  user!: User;

  @Property({ type: 'string', length: 64 })
  codeHash!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
