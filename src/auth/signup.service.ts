import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { EmailVerificationService } from '../account-recovery';
import { AuditService, AuthEventType } from '../audit';
import type { ClientInfo } from '../common/decorators';
import { EmailNotVerifiedError, EmailTakenError } from '../common/errors';
import { PasswordsService } from '../passwords';
import { SessionIssuer, type SessionPayload } from '../sessions';
import type { AuthPayloadModel } from '../tokens';
import { type User, UsersService } from '../users';
import type { SignupInput } from './dto/signup.input';

@Injectable()
export class SignupService {
  constructor(
    private readonly em: EntityManager,
    private readonly users: UsersService,
    private readonly passwords: PasswordsService,
    private readonly verification: EmailVerificationService,
    private readonly issuer: SessionIssuer,
    private readonly audit: AuditService,
  ) {}

  /**
   * Creates the account, its verification token and (unless verification is required first) its
   * first session in one transaction; the verification mail goes out once that has committed.
   */
  async signup(input: SignupInput, client: ClientInfo): Promise<AuthPayloadModel> {
    // A cheap early answer; the unique index below is what actually decides a race.
    this.passwords.assertAcceptable(input.password, input);
    if (await this.users.emailTaken(input.email)) throw new EmailTakenError();
    const passwordHash = await this.passwords.hash(input.password);
    let created: { user: User; verifyToken: string; payload?: SessionPayload };
    try {
      created = await this.em.transactional((em) => {
        const user = this.users.create(em, { name: input.name, email: input.email, passwordHash });
        const verifyToken = this.verification.create(em, user);
        return {
          user,
          verifyToken,
          payload: this.verification.required ? undefined : this.issuer.start(em, user, client),
        };
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw new EmailTakenError();
      throw error;
    }
    const { user, verifyToken, payload } = created;
    this.verification.send(user.email, verifyToken);
    await this.audit.record({ type: AuthEventType.SIGNUP, userId: user.id, sessionId: payload?.sessionId, client });
    if (!payload)
      throw new EmailNotVerifiedError('Account created: follow the link we sent to your address, then sign in');
    return payload;
  }
}
