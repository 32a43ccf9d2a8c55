import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataCipher } from './crypto/data-cipher';
import { secretContext } from './second-factor.service';

const BATCH = 100;

/**
 * Key rotation: after DATA_ENCRYPTION_KEY changes (the old key moved to DATA_ENCRYPTION_KEY_PREVIOUS),
 * each instance re-seals, at start-up and in the background, every secret still under another key.
 * Each row is rewritten only if it still holds what was read, so instances starting together agree.
 * Once no row names the old key id, the old key can be dropped.
 */
@Injectable()
export class SecretRotation implements OnApplicationBootstrap {
  private readonly logger = new Logger(SecretRotation.name);

  constructor(
    private readonly em: EntityManager,
    private readonly cipher: DataCipher,
  ) {}

  onApplicationBootstrap(): void {
    this.rotate().catch((error: unknown) =>
      this.logger.error(
        `re-sealing two-factor secrets failed: ${error instanceof Error ? error.message : String(error)}`,
      ),
    );
  }

  /** Re-seals every secret under a key other than the current one; returns how many were rewritten. */
  async rotate(): Promise<number> {
    const em = this.em.fork();
    const current = this.cipher.currentKeyId;
    let rewritten = 0;
    // A row that cannot be opened (its key is gone) is skipped, so the loop moves past it.
    const skipped = new Set<string>();
    for (;;) {
      const rows = await em.execute<{ user_id: string; secret: string; key_id: string }[]>(
        'select user_id, secret, key_id from two_factor_credentials where key_id <> ? order by user_id limit ?',
        [current, BATCH + skipped.size],
      );
      const pending = rows.filter((row) => !skipped.has(row.user_id));
      if (!pending.length) break;
      for (const row of pending) {
        let secret: Buffer;
        try {
          secret = this.cipher.open({ keyId: row.key_id, ciphertext: row.secret }, secretContext(row.user_id));
        } catch (error) {
          skipped.add(row.user_id);
          this.logger.error(`two-factor secret of user ${row.user_id} cannot be re-sealed: ${String(error)}`);
          continue;
        }
        const sealed = this.cipher.seal(secret, secretContext(row.user_id));
        await em.execute(
          'update two_factor_credentials set secret = ?, key_id = ? where user_id = ? and secret = ?',
          [sealed.ciphertext, sealed.keyId, row.user_id, row.secret],
          'run',
        );
        rewritten += 1;
      }
    }
    if (rewritten) this.logger.log(`re-sealed ${rewritten} two-factor secret(s) under key ${current}`);
    return rewritten;
  }
}
