import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { sha256Hex } from '../common/crypto/sha256';
import { authConfig, type AuthConfig, mailConfig, type MailConfig } from '../config';
import { Mailer } from '../mail';
import type { User } from '../users';
import { EmailToken, EmailTokenPurpose } from './email-token.entity';
import { emailVerificationMail, passwordResetMail } from './recovery-mail';

/** What spending a token proved: this account received a link at this address. */
export interface SpentToken {
  userId: string;
  email: string;
}

export interface IssuedToken {
  token: string;
  userId: string;
  email: string;
}

// 256 random bits: far beyond guessing, so a fast hash is enough to keep the stored form useless.
const newToken = () => randomBytes(32).toString('base64url');
/** Tokens are 43 base64url characters; anything else is refused without a query. */
const looksLikeToken = (token: string) => /^[A-Za-z0-9_-]{43}$/.test(token);

/**
 * Links sent by email (a password reset, an address to verify): single-use tokens, stored only as
 * their SHA-256, one per account and purpose, and the messages that carry them.
 */
@Injectable()
export class EmailLinksService {
  constructor(
    private readonly em: EntityManager,
    private readonly mailer: Mailer,
    @Inject(authConfig.KEY) private readonly config: AuthConfig,
    @Inject(mailConfig.KEY) private readonly mail: MailConfig,
  ) {}

  /** How long a link for `purpose` works (RESET_TOKEN_TTL, VERIFY_TOKEN_TTL). */
  ttlSeconds(purpose: EmailTokenPurpose): number {
    return purpose === EmailTokenPurpose.RESET_PASSWORD
      ? this.config.resetTokenTtlSeconds
      : this.config.verifyTokenTtlSeconds;
  }

  /** Queues the message carrying `token`; call it once the transaction that made the token has committed. */
  send(purpose: EmailTokenPurpose, to: string, token: string): void {
    const mail = purpose === EmailTokenPurpose.RESET_PASSWORD ? passwordResetMail : emailVerificationMail;
    this.mailer.send(mail(to, this.mail.appUrl, token, this.ttlSeconds(purpose)));
  }

  /** A token for a user created in `em`'s unit of work; it is inserted with that user. */
  create(em: EntityManager, user: User, purpose: EmailTokenPurpose): string {
    const token = newToken();
    const expiresAt = new Date(Date.now() + this.ttlSeconds(purpose) * 1000);
    em.create(EmailToken, { user, purpose, tokenHash: sha256Hex(token), email: user.email, expiresAt });
    return token;
  }

  /**
   * Replaces the account's token for `purpose` with a new one, in one statement, found by `email`
   * (a password reset) or by `userId` (verification, only while unverified). Null when no account
   * matches: the same single statement runs either way, so the answer takes as long. Null too when
   * the current token is younger than `minIntervalSeconds` (it is kept).
   */
  async issue(
    purpose: EmailTokenPurpose,
    account: { email: string } | { userId: string },
    minIntervalSeconds = 0,
    em: EntityManager = this.em,
  ): Promise<IssuedToken | null> {
    const token = newToken();
    const ttlSeconds = this.ttlSeconds(purpose);
    const where = 'email' in account ? 'u.email = ?' : 'u.id = ? and u.email_verified_at is null';
    const [row] = await em.execute<{ user_id: string; email: string }[]>(
      `insert into email_tokens (id, user_id, purpose, token_hash, email, created_at, expires_at)
       select ?, u.id, ?, ?, u.email, now(), now() + make_interval(secs => ?) from users u where ${where}
       on conflict (user_id, purpose) do update set token_hash = excluded.token_hash, email = excluded.email,
         created_at = excluded.created_at, expires_at = excluded.expires_at
       where email_tokens.created_at <= now() - make_interval(secs => ?)
       returning user_id, email`,
      [
        randomUUID(),
        purpose,
        sha256Hex(token),
        ttlSeconds,
        'email' in account ? account.email : account.userId,
        minIntervalSeconds,
      ],
    );
    return row ? { token, userId: row.user_id, email: row.email } : null;
  }

  /**
   * Spends a token: deletes it and says whose it was, or null if it is unknown, used or expired.
   * One DELETE decides, so of any number of parallel redemptions at most one succeeds. Run it in the
   * transaction that acts on it (`em`), so a failure later in that transaction leaves it unspent.
   */
  async spend(em: EntityManager, purpose: EmailTokenPurpose, token: string): Promise<SpentToken | null> {
    if (!looksLikeToken(token)) return null;
    const [row] = await em.execute<{ user_id: string; email: string; live: boolean }[]>(
      'delete from email_tokens where token_hash = ? and purpose = ? returning user_id, email, expires_at > now() as live',
      [sha256Hex(token), purpose],
    );
    return row?.live ? { userId: row.user_id, email: row.email } : null;
  }

  /** The live token's account, without spending it: lets a reset check the new password first. */
  async peek(purpose: EmailTokenPurpose, token: string): Promise<SpentToken | null> {
    if (!looksLikeToken(token)) return null;
    const [row] = await this.em.execute<{ user_id: string; email: string }[]>(
      'select user_id, email from email_tokens where token_hash = ? and purpose = ? and expires_at > now()',
      [sha256Hex(token), purpose],
    );
    return row ? { userId: row.user_id, email: row.email } : null;
  }

  /** Drops the account's outstanding tokens for `purpose` (a password change voids reset links). */
  async discard(em: EntityManager, userId: string, purpose: EmailTokenPurpose): Promise<void> {
    await em.nativeDelete(EmailToken, { user: userId, purpose });
  }
}
