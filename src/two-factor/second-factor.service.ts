import { EntityManager, type QueryResult } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuthMethod } from '../sessions';
import { DataCipher } from './crypto/data-cipher';
import { hashRecoveryCode, newRecoveryCode, normalizeRecoveryCode, RECOVERY_CODE_COUNT } from './crypto/recovery-codes';
import { asTotpCode, matchingStep } from './crypto/totp';

/** The AES-GCM context of a user's secret: a sealed secret copied to another account does not open. */
export const secretContext = (userId: string) => `doorman/totp-secret/v1:${userId}`;

interface CredentialRow {
  secret: string;
  key_id: string;
  enabled: boolean;
}

/**
 * Checks what a person gives as their second factor: a TOTP code (accepted once per account: its
 * time step must be later than the last one accepted) or an unused recovery code (spent on use).
 * Every check runs in the caller's transaction (`em`), so what it spends commits with the outcome.
 */
@Injectable()
export class SecondFactorService {
  constructor(
    private readonly em: EntityManager,
    private readonly cipher: DataCipher,
  ) {}

  /** Whether two-factor authentication is on for the account. */
  async isEnabled(userId: string, em: EntityManager = this.em): Promise<boolean> {
    const rows = await em.execute<unknown[]>(
      'select 1 from two_factor_credentials where user_id = ? and enabled_at is not null',
      [userId],
    );
    return rows.length > 0;
  }

  /** The account's secret, set up or on (`enabled`), locked for the rest of `em`'s transaction; null if none. */
  async secretOf(em: EntityManager, userId: string): Promise<{ secret: Buffer; enabled: boolean } | null> {
    const [row] = await em.execute<CredentialRow[]>(
      'select secret, key_id, enabled_at is not null as enabled from two_factor_credentials where user_id = ? for update',
      [userId],
    );
    if (!row) return null;
    const secret = this.cipher.open({ keyId: row.key_id, ciphertext: row.secret }, secretContext(userId));
    return { secret, enabled: row.enabled };
  }

  /**
   * The method `code` proves for the account (TOTP, or RECOVERY_CODE unless `recovery` is false),
   * or null for a wrong, replayed or spent code. Two-factor must be on.
   */
  async check(em: EntityManager, userId: string, code: string, recovery = true): Promise<AuthMethod | null> {
    const totp = asTotpCode(code);
    if (totp !== null) return (await this.checkTotp(em, userId, totp)) ? AuthMethod.TOTP : null;
    if (!recovery) return null;
    return (await this.spendRecoveryCode(em, userId, code)) ? AuthMethod.RECOVERY_CODE : null;
  }

  /** Recovery codes the account has left. */
  async recoveryCodesLeft(em: EntityManager, userId: string): Promise<number> {
    const [{ left }] = await em.execute<{ left: number | string }[]>(
      'select count(*) as left from recovery_codes where user_id = ?',
      [userId],
    );
    return Number(left);
  }

  /** Replaces the account's recovery codes with RECOVERY_CODE_COUNT new ones, and returns them (shown once). */
  async replaceRecoveryCodes(em: EntityManager, userId: string): Promise<string[]> {
    await em.execute('delete from recovery_codes where user_id = ?', [userId], 'run');
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    for (const code of codes) {
      const codeHash = hashRecoveryCode(normalizeRecoveryCode(code) ?? code);
      await em.execute(
        'insert into recovery_codes (id, user_id, code_hash, created_at) values (?, ?, ?, now())',
        [randomUUID(), userId, codeHash],
        'run',
      );
    }
    return codes;
  }

  /**
   * Accepts `code` for the secret if it matches a step within the drift window and later than the
   * last step accepted, and records its step: one conditional UPDATE decides, so of parallel uses
   * of one code at most one succeeds.
   */
  async acceptStep(
    em: EntityManager,
    userId: string,
    secret: Buffer,
    code: string,
    enabling = false,
  ): Promise<boolean> {
    const step = matchingStep(secret, code);
    if (step === null) return false;
    const result = await em.execute<QueryResult>(
      `update two_factor_credentials set last_used_step = ?${enabling ? ', enabled_at = now()' : ''}
       where user_id = ? and (last_used_step is null or last_used_step < ?)`,
      [step, userId, step],
      'run',
    );
    return result.affectedRows > 0;
  }

  private async checkTotp(em: EntityManager, userId: string, code: string): Promise<boolean> {
    const found = await this.secretOf(em, userId);
    return !!found?.enabled && this.acceptStep(em, userId, found.secret, code);
  }

  private async spendRecoveryCode(em: EntityManager, userId: string, code: string): Promise<boolean> {
    const normalized = normalizeRecoveryCode(code);
    if (normalized === null) return false;
    const spent = await em.execute<unknown[]>(
      'delete from recovery_codes where user_id = ? and code_hash = ? returning id',
      [userId, hashRecoveryCode(normalized)],
    );
    return spent.length > 0;
  }
}
