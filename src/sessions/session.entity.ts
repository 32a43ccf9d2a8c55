import { ArrayType, Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { User } from '../users';
import { AuthMethod } from './auth-method';

/** One signed-in device. Access tokens name it in their `sid` claim; revoking it ends them at once. */
@Entity({ tableName: 'sessions' })
export class Session {
  [OptionalProps]?: 'createdAt' | 'lastSeenAt' | 'revokedAt' | 'authenticatedAt' | 'authMethods';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Index({ name: 'sessions_user_id_index' })
  @ManyToOne(() => User, { deleteRule: 'cascade' })
  user!: User;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime' })
  lastSeenAt: Date = new Date();

  @Property({ type: 'datetime' })
  expiresAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  revokedAt?: Date | null = null;

  /** When the person last proved who they are in this session: its sign-in, or a later `reauthenticate`. */
  @Property({ type: 'datetime' })
  authenticatedAt: Date = new Date();

  /** The proofs the sign-in took (the access token's `amr`). */
  @Property({ type: ArrayType, columnType: 'text[]' })
  authMethods: AuthMethod[] = [AuthMethod.PASSWORD];

  @Property({ type: 'string', length: 512, nullable: true })
  userAgent?: string | null;

  @Property({ type: 'string', length: 64, nullable: true })
  ip?: string | null;
}
