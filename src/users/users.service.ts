import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { User } from './user.entity';

export interface NewUser {
  name: string;
  email: string;
  passwordHash: string;
}

@Injectable()
export class UsersService {
  constructor(private readonly em: EntityManager) {}

  /** With its password hash, for credential checks only. `email` must already be normalised. */
  findByEmailWithPassword(email: string): Promise<User | null> {
    return this.em.findOne(User, { email }, { populate: ['passwordHash'] });
  }

  async emailTaken(email: string): Promise<boolean> {
    return (await this.em.count(User, { email })) > 0;
  }

  /** Adds a user to `em`'s unit of work; it is inserted on that manager's next flush. */
  create(em: EntityManager, data: NewUser): User {
    return em.create(User, data);
  }
}
