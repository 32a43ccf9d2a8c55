import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import * as bcrypt from 'bcrypt';
import { createHmac, randomBytes } from 'node:crypto';
import { authConfig, type AuthConfig } from '../config';

// A fixed, public domain-separation key: the pre-hash is used nowhere else, so hashes leaked from
// other systems (plain SHA-256 of the same password) cannot be tested against our bcrypt hashes.
const PREHASH_KEY = 'doorman/bcrypt-prehash/v1';

/**
 * bcrypt reads only the first 72 bytes of its input. Rather than truncate silently or refuse long
 * passphrases, every password is NFKC-normalised and pre-hashed with HMAC-SHA-256 to 44 base64
 * characters (no NUL bytes), so all of it counts and composed/decomposed forms match.
 */
@Injectable()
export class PasswordHasher implements OnModuleInit {
  private dummyHash = '';

  constructor(@Inject(authConfig.KEY) private readonly config: AuthConfig) {}

  async onModuleInit(): Promise<void> {
    this.dummyHash = await bcrypt.hash(randomBytes(32).toString('base64'), this.config.bcryptRounds);
  }

  hash(password: string): Promise<string> {
    return bcrypt.hash(prehash(password), this.config.bcryptRounds);
  }

  verify(password: string, hash: string): Promise<boolean> {
    return bcrypt.compare(prehash(password), hash);
  }

  /** For an unknown email: costs what a real comparison costs, so timing does not reveal accounts. */
  async verifyNothing(password: string): Promise<false> {
    await bcrypt.compare(prehash(password), this.dummyHash);
    return false;
  }
}

export function prehash(password: string): string {
  return createHmac('sha256', PREHASH_KEY).update(password.normalize('NFKC'), 'utf8').digest('base64');
}
