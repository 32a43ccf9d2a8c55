import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { ClientInfo } from '../common/decorators';
import { NotFoundError } from '../common/errors';
import { isUuid } from '../common/validation';
import { StepUpService } from '../two-factor';
import { type User, UsersService } from '../users';
import { Passkey } from './entities';
import { PasskeyEvents } from './passkey.events';
import { LastSignInMethodError } from './passkeys.errors';

// Another person's passkey reads exactly like an unknown one.
const NOT_YOURS = 'Passkey';
// A bcrypt hash: anything else in the column (an account locked to other ways in) is no usable password.
const isUsablePasswordHash = (hash: string | null) => !!hash && /^\$2[aby]\$/.test(hash);

/** The viewer's passkeys: the list, a new name, removal; and whether an account has any. */
@Injectable()
export class PasskeysService {
  constructor(
    private readonly em: EntityManager,
    private readonly users: UsersService,
    private readonly stepUp: StepUpService,
    private readonly events: PasskeyEvents,
  ) {}

  list(userId: string): Promise<Passkey[]> {
    return this.em.fork().find(Passkey, { user: userId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  }

  /** For login's TWO_FACTOR_REQUIRED, in its transaction: whether a passkey may answer the second step. */
  async hasAny(em: EntityManager, userId: string): Promise<boolean> {
    return (await em.count(Passkey, { user: userId })) > 0;
  }

  async rename(userId: string, id: string, name: string): Promise<Passkey> {
    const em = this.em.fork();
    const passkey = await this.own(em, userId, id);
    passkey.name = name;
    await em.flush();
    return passkey;
  }

  /** Behind the step-up; never the last way into an account (no usable password, no linked identity provider). */
  async remove(user: User, sessionId: string, id: string, client: ClientInfo): Promise<boolean> {
    await this.stepUp.assertRecent(sessionId);
    await this.em.transactional(async (em) => {
      // Locks the account's passkeys, so two removals at once cannot both see "one other left".
      const passkeys = await em.find(Passkey, { user: user.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const passkey = passkeys.find((candidate) => candidate.id === id);
      if (!passkey) throw new NotFoundError(NOT_YOURS);
      if (passkeys.length === 1 && !isUsablePasswordHash(await this.users.passwordHashOf(user.id))) {
        // An identity provider linked to the account is a way in too.
        const [{ n }] = await em.execute<{ n: number }[]>(
          'select count(*)::int as n from user_identities where user_id = ?',
          [user.id],
        );
        if (n === 0) throw new LastSignInMethodError();
      }
      em.remove(passkey);
    });
    await this.events.removed(user, sessionId, client);
    return true;
  }

  private async own(em: EntityManager, userId: string, id: string): Promise<Passkey> {
    const passkey = isUuid(id) ? await em.findOne(Passkey, { id, user: userId }) : null;
    if (!passkey) throw new NotFoundError(NOT_YOURS);
    return passkey;
  }
}
