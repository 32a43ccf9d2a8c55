import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { toString as qrCodeSvg } from 'qrcode';
import type { ClientInfo } from '../common/decorators';
import { PasswordsService } from '../passwords';
import { AuthMethod, SessionsService } from '../sessions';
import type { User } from '../users';
import { endChallenges } from './challenges.service';
import { DataCipher } from './crypto/data-cipher';
import { asTotpCode, enrolment, newTotpSecret } from './crypto/totp';
import type { RecoveryCodesModel } from './models/recovery-codes.model';
import type { TwoFactorSetupModel } from './models/two-factor-setup.model';
import { SecondFactorService, secretContext } from './second-factor.service';
import { StepUpService } from './step-up.service';
import { InvalidCodeError, TwoFactorAlreadyEnabledError, TwoFactorNotEnabledError } from './two-factor.errors';
import { TwoFactorEvents } from './two-factor.events';

/** Turning two-factor on (setup, then a first code), off, and making new recovery codes. */
@Injectable()
export class TwoFactorService {
  constructor(
    private readonly em: EntityManager,
    private readonly cipher: DataCipher,
    private readonly secondFactor: SecondFactorService,
    private readonly stepUp: StepUpService,
    private readonly passwords: PasswordsService,
    private readonly sessions: SessionsService,
    private readonly events: TwoFactorEvents,
  ) {}

  /**
   * A new secret for the account, not yet on: it replaces an earlier unconfirmed setup, never a
   * confirmed one. One statement decides, so a setup racing a confirmation cannot replace it.
   */
  async startSetup(user: User, sessionId: string): Promise<TwoFactorSetupModel> {
    await this.stepUp.assertRecent(sessionId);
    const secret = newTotpSecret();
    const sealed = this.cipher.seal(secret, secretContext(user.id));
    const stored = await this.em.execute<unknown[]>(
      `insert into two_factor_credentials (user_id, secret, key_id, enabled_at, last_used_step, created_at)
       values (?, ?, ?, null, null, now())
       on conflict (user_id) do update set secret = excluded.secret, key_id = excluded.key_id,
         last_used_step = null, created_at = excluded.created_at
       where two_factor_credentials.enabled_at is null
       returning user_id`,
      [user.id, sealed.ciphertext, sealed.keyId],
    );
    if (!stored.length) throw new TwoFactorAlreadyEnabledError();
    const { base32, url } = enrolment(secret, user.email);
    return { secret: base32, otpauthUrl: url, qrCodeSvg: await qrCodeSvg(url, { type: 'svg', margin: 2 }) };
  }

  /**
   * A first code from the app turns the setup on: recovery codes are made (shown this once) and
   * every other session of the account ends, in one transaction.
   */
  async confirmSetup(user: User, sessionId: string, code: string, client: ClientInfo): Promise<RecoveryCodesModel> {
    const codes = await this.em.transactional(async (em) => {
      const found = await this.secondFactor.secretOf(em, user.id);
      if (!found)
        throw new TwoFactorNotEnabledError('No two-factor setup has been started: call startTwoFactorSetup first');
      if (found.enabled) throw new TwoFactorAlreadyEnabledError();
      const totp = asTotpCode(code);
      if (totp === null || !(await this.secondFactor.acceptStep(em, user.id, found.secret, totp, true))) return null;
      await endChallenges(em, user.id);
      await this.sessions.end(user.id, { except: sessionId }, em);
      return this.secondFactor.replaceRecoveryCodes(em, user.id);
    });
    if (!codes) {
      await this.events.failed(user.id, 'CONFIRM_SETUP', client, sessionId);
      throw new InvalidCodeError('The code is wrong: check the time on your device, or scan the QR code again');
    }
    this.sessions.changed(user.id);
    await this.events.changed('enabled', user, sessionId, client);
    return { codes };
  }

  /** Off, with a recent authentication and a current code (or a recovery code): the secret and codes are deleted. */
  async disable(user: User, sessionId: string, code: string, client: ClientInfo): Promise<boolean> {
    await this.proveCode(user, sessionId, code, client, 'DISABLE', async (em) => {
      await em.execute('delete from two_factor_credentials where user_id = ?', [user.id], 'run');
      await em.execute('delete from recovery_codes where user_id = ?', [user.id], 'run');
      await endChallenges(em, user.id);
    });
    await this.events.changed('disabled', user, sessionId, client);
    return true;
  }

  /** New recovery codes, with a recent authentication and a current code; the old ones stop working. */
  async regenerateRecoveryCodes(
    user: User,
    sessionId: string,
    code: string,
    client: ClientInfo,
  ): Promise<RecoveryCodesModel> {
    const codes = await this.proveCode(user, sessionId, code, client, 'REGENERATE', (em) =>
      this.secondFactor.replaceRecoveryCodes(em, user.id),
    );
    await this.events.changed('regenerated', user, sessionId, client);
    return { codes };
  }

  /**
   * The step-up, then `code` checked behind the account's backoff and `change` made, in one
   * transaction: a wrong code changes nothing (but counts), a right one is spent with the change.
   */
  private async proveCode<T>(
    user: User,
    sessionId: string,
    code: string,
    client: ClientInfo,
    purpose: string,
    change: (em: EntityManager) => Promise<T>,
  ): Promise<T> {
    await this.stepUp.assertRecent(sessionId);
    if (!(await this.secondFactor.isEnabled(user.id))) throw new TwoFactorNotEnabledError();
    const outcome = await this.em.transactional(async (em) => {
      const check = await this.passwords.checkOtherFactor(
        user.email,
        () => this.secondFactor.check(em, user.id, code),
        em,
      );
      if (check.outcome === 'refused') {
        await this.events.failedIn(em, user.id, `${purpose}_BACKOFF`, client, sessionId);
        return check;
      }
      if (check.outcome === 'invalid') {
        await this.events.failedIn(em, user.id, purpose, client, sessionId);
        return check;
      }
      return { outcome: 'valid' as const, method: check.proof, result: await change(em) };
    });
    if (outcome.outcome === 'refused') throw outcome.error;
    if (outcome.outcome === 'invalid') throw new InvalidCodeError();
    if (outcome.method === AuthMethod.RECOVERY_CODE) await this.events.recoveryCodeUsed(user, sessionId, client);
    return outcome.result;
  }
}
