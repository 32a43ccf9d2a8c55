import { dictionary } from '@zxcvbn-ts/language-common';
import { Inject, Injectable } from '@nestjs/common';
import { InvalidInputError } from '../common/errors';
import { codePointLength } from '../common/validation';
import { securityConfig, type SecurityConfig } from '../config';

const fold = (value: string) => value.normalize('NFKC').toLowerCase();

// zxcvbn-ts's list of the most common passwords (about 49,000), folded the way we fold input.
let common: Set<string> | undefined;
const commonPasswords = () => (common ??= new Set(dictionary['passwords-common'].map(fold)));

/** Parts of who the person is that must not appear in their password. */
export interface PasswordOwner {
  email: string;
  name: string;
}

/**
 * NIST SP 800-63B / OWASP ASVS 5 chapter 6: length (PASSWORD_MIN_LENGTH), no composition rules,
 * no common passwords, nothing of the person's own email or name. Applied wherever a password is set.
 */
@Injectable()
export class PasswordPolicy {
  constructor(@Inject(securityConfig.KEY) private readonly config: SecurityConfig) {}

  assertAcceptable(password: string, owner: PasswordOwner, field = 'password'): void {
    const messages = this.problems(password, owner).map((problem) => `${field} ${problem}`);
    if (messages.length) throw new InvalidInputError([{ field, messages }]);
  }

  private problems(password: string, owner: PasswordOwner): string[] {
    const problems: string[] = [];
    const min = this.config.passwordMinLength;
    if (codePointLength(password) < min) problems.push(`must be at least ${min} characters long`);
    const folded = fold(password);
    if (commonPasswords().has(folded))
      problems.push('is one of the most common passwords; choose one nobody else would');
    const personal = [fold(owner.email.split('@')[0]), fold(owner.name), ...fold(owner.name).split(/\s+/)].filter(
      (part) => part.length >= 3,
    );
    if (personal.some((part) => folded.includes(part))) problems.push('must not contain your email address or name');
    return problems;
  }
}
