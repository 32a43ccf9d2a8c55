import { EntityManager, LockMode, type QueryResult } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { User } from './user.entity';

export interface NewUser {
  name: string;
  email: string;
  /** Null for an account an identity provider created. */
  passwordHash: string | null;
  emailVerifiedAt?: Date | null;
}

/**
 * Persistence of the account record. A write that changes what a session carries (name, address,
 * verification, deletion) is followed by SessionsService.changed in the caller: this room knows no sessions.
 */
@Injectable()
export class UsersService {
  constructor(private readonly em: EntityManager) {}

  /**
   * With its password hash, for a login in `em`'s transaction only; `email` must already be normalised.
   * The row stays locked (FOR SHARE) until that transaction ends, so the hash checked is still the
   * account's when the session starts: a reset or change committing in between waits for the login,
   * then ends the session it started.
   */
  findForLogin(em: EntityManager, email: string): Promise<User | null> {
    return em.findOne(User, { email }, { populate: ['passwordHash'], lockMode: LockMode.PESSIMISTIC_READ });
  }

  async passwordHashOf(id: string): Promise<string | null> {
    const user = await this.em.findOne(User, { id }, { fields: ['passwordHash'], disableIdentityMap: true });
    return user?.passwordHash ?? null;
  }

  findById(id: string): Promise<User | null> {
    return this.em.findOne(User, { id });
  }

  /** Marks `email` verified if it is still the account's address (false otherwise); verifying twice changes nothing. */
  async markEmailVerified(em: EntityManager, id: string, email: string): Promise<boolean> {
    const result = await em.execute<QueryResult>(
      'update users set email_verified_at = coalesce(email_verified_at, now()) where id = ? and email = ?',
      [id, email],
      'run',
    );
    return result.affectedRows > 0;
  }

  async emailTaken(email: string): Promise<boolean> {
    return (await this.em.count(User, { email })) > 0;
  }

  /** Adds a user to `em`'s unit of work; it is inserted on that manager's next flush. */
  create(em: EntityManager, data: NewUser): User {
    return em.create(User, data);
  }

  async setPasswordHash(em: EntityManager, id: string, passwordHash: string): Promise<void> {
    await em.nativeUpdate(User, { id }, { passwordHash });
  }

  async rename(user: User, name: string): Promise<User> {
    await this.em.nativeUpdate(User, { id: user.id }, { name });
    user.name = name;
    return user;
  }

  async delete(id: string): Promise<void> {
    await this.em.nativeDelete(User, { id });
  }
}
