import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { ClientInfo } from '../common/decorators';
import { EmailTakenError } from '../common/errors';
import { normalizeEmail } from '../common/validation';
import type { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import type { SignupInput } from './dto/signup.input';
import type { AuthPayloadModel } from './models/auth-payload.model';
import { PasswordHasher } from './password.hasher';
import type { Session } from './session.entity';
import { SessionsService } from './sessions.service';
import { TokensService } from './tokens.service';

/** One message for every failed login, so a response never tells which part was wrong. */
export const INVALID_CREDENTIALS = 'Invalid email or password';

@Injectable()
export class AuthService {
  constructor(
    private readonly em: EntityManager,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly passwords: PasswordHasher,
    private readonly tokens: TokensService,
  ) {}

  /** Creates the account and its first session in one transaction, and signs the person in. */
  async signup(input: SignupInput, client: ClientInfo): Promise<AuthPayloadModel> {
    // A cheap early answer; the unique index below is what actually decides a race.
    if (await this.users.emailTaken(input.email)) throw new EmailTakenError();
    const passwordHash = await this.passwords.hash(input.password);
    try {
      const session = await this.em.transactional(async (em) => {
        const user = this.users.create(em, { name: input.name, email: input.email, passwordHash });
        return this.sessions.create(em, user, client);
      });
      return this.payload(session);
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw new EmailTakenError();
      throw error;
    }
  }

  /** The user if the password matches; null otherwise, after the same bcrypt work either way. */
  async validateCredentials(email: string, password: string): Promise<User | null> {
    const user = await this.users.findByEmailWithPassword(normalizeEmail(email));
    if (!user) return this.passwords.verifyNothing(password).then(() => null);
    return (await this.passwords.verify(password, user.passwordHash)) ? user : null;
  }

  async login(user: User, client: ClientInfo): Promise<AuthPayloadModel> {
    const session = this.sessions.create(this.em, user, client);
    await this.em.flush();
    return this.payload(session);
  }

  logout(sessionId: string): Promise<boolean> {
    return this.sessions.revoke(sessionId);
  }

  private payload(session: Session): AuthPayloadModel {
    return { ...this.tokens.issueAccessToken(session.user.id, session.id), user: session.user };
  }
}
