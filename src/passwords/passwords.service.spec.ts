import type { EntityManager } from '@mikro-orm/postgresql';
import { alice, authFakes, client, compileOver, firstCallOf } from '../../test/unit/auth.fixture';
import { AuthEventType } from '../audit';
import { TooManyRequestsError } from '../common/errors';
import type { User } from '../users';
import { PasswordsService } from './passwords.service';

const user = alice({ passwordHash: '$2b$04$stored' });

/**
 * PasswordsService at login (checkLogin, with the login backoff) and its plain delegations.
 * Re-checks of a signed-in person's password: passwords.service.current.spec.ts.
 */
describe('PasswordsService', () => {
  let passwords: PasswordsService;
  const fakes = authFakes();
  const { txEm, users, hasher, policy, backoff, audit } = fakes;

  beforeEach(async () => {
    passwords = await compileOver(PasswordsService, fakes);
    hasher.verifyNothing.mockResolvedValue(false);
  });

  describe('checkLogin', () => {
    it('does the dummy comparison and resolves null for an unknown email', async () => {
      users.findByEmailWithPassword.mockResolvedValue(null);

      await expect(passwords.checkLogin('nobody@example.com', 'pw')).resolves.toBeNull();
      expect(hasher.verifyNothing).toHaveBeenCalledWith('pw');
      expect(hasher.verify).not.toHaveBeenCalled();
    });

    it('resolves null for a wrong password', async () => {
      users.findByEmailWithPassword.mockResolvedValue(user);
      hasher.verify.mockResolvedValue(false);

      await expect(passwords.checkLogin(user.email, 'wrong')).resolves.toBeNull();
      expect(hasher.verify).toHaveBeenCalledWith('wrong', user.passwordHash);
    });

    it('resolves the user for the right password', async () => {
      users.findByEmailWithPassword.mockResolvedValue(user);
      hasher.verify.mockResolvedValue(true);

      await expect(passwords.checkLogin(user.email, 'right', client)).resolves.toBe(user);
      expect(hasher.verifyNothing).not.toHaveBeenCalled();
      expect(audit.record).not.toHaveBeenCalled();
    });

    it('trims and lower-cases the email before the lookup', async () => {
      users.findByEmailWithPassword.mockResolvedValue(null);

      await expect(passwords.checkLogin('  Alice@Example.COM \n', 'pw')).resolves.toBeNull();
      expect(users.findByEmailWithPassword).toHaveBeenCalledWith('alice@example.com');
    });

    it.each<[string, User | null, 'verify' | 'verifyNothing']>([
      ['a known email', user, 'verify'],
      ['an unknown email', null, 'verifyNothing'],
    ])('claims an attempt for the normalised email before any password comparison, for %s', async (_, found, how) => {
      const comparison = hasher[how];
      users.findByEmailWithPassword.mockResolvedValue(found);
      hasher.verify.mockResolvedValue(false);

      await expect(passwords.checkLogin('  Alice@Example.COM ', 'pw')).resolves.toBeNull();
      expect(backoff.claimAttempt).toHaveBeenCalledTimes(1);
      expect(backoff.claimAttempt).toHaveBeenCalledWith('alice@example.com');
      expect(comparison).toHaveBeenCalledTimes(1);
      expect(firstCallOf(backoff.claimAttempt)).toBeLessThan(firstCallOf(comparison));
    });

    it('makes no bcrypt call and resets nothing while the address is in backoff', async () => {
      const refused = new TooManyRequestsError(30);
      backoff.claimAttempt.mockRejectedValue(refused);
      users.findByEmailWithPassword.mockResolvedValue(user);

      await expect(passwords.checkLogin(user.email, 'right')).rejects.toBe(refused);
      expect(hasher.verify).not.toHaveBeenCalled();
      expect(hasher.verifyNothing).not.toHaveBeenCalled();
      expect(backoff.recordSuccess).not.toHaveBeenCalled();
    });

    // A refused guess is what an attack looks like, so it goes in the trail (of the account, if there is one).
    it.each<[string, User | null]>([
      ['a known email', user],
      ['an unknown email', null],
    ])('records a refusal by the backoff as LOGIN_FAILED with detail BACKOFF, for %s', async (_case, found) => {
      backoff.claimAttempt.mockRejectedValue(new TooManyRequestsError(30));
      users.findByEmailWithPassword.mockResolvedValue(found);

      const result = passwords.checkLogin(' ALICE@example.com', 'pw', client);
      await expect(result).rejects.toBeInstanceOf(TooManyRequestsError);
      const [[event], ...others] = audit.record.mock.calls;
      expect(others).toEqual([]);
      const email = 'alice@example.com';
      const expected = { type: AuthEventType.LOGIN_FAILED, userId: found && user.id, email, detail: 'BACKOFF', client };
      expect({ ...event, userId: event.userId ?? null }).toEqual(expected);
    });

    it('passes any other failure of the backoff through, recording nothing', async () => {
      const failure = new Error('database unavailable');
      backoff.claimAttempt.mockRejectedValue(failure);
      users.findByEmailWithPassword.mockResolvedValue(user);

      await expect(passwords.checkLogin(user.email, 'right', client)).rejects.toBe(failure);
      expect(audit.record).not.toHaveBeenCalled();
      expect(hasher.verify).not.toHaveBeenCalled();
    });

    // The claim already counted the attempt as a failure: the backoff needs nothing more, the trail gets the event.
    it.each<[string, User | null]>([
      ['an unknown email', null],
      ['a wrong password', user],
    ])('leaves the claimed failure standing and records LOGIN_FAILED (with any account) after %s', async (_, found) => {
      users.findByEmailWithPassword.mockResolvedValue(found);
      hasher.verify.mockResolvedValue(false);

      await expect(passwords.checkLogin(' ALICE@example.com', 'wrong', client)).resolves.toBeNull();
      expect(backoff.claimAttempt).toHaveBeenCalledWith('alice@example.com');
      expect(backoff.recordSuccess).not.toHaveBeenCalled();
      const [[event], ...others] = audit.record.mock.calls;
      expect(others).toEqual([]);
      const email = 'alice@example.com';
      const expected = { type: AuthEventType.LOGIN_FAILED, userId: found && user.id, email, client };
      expect({ ...event, userId: event.userId ?? null }).toEqual(expected);
    });

    it('records a success (clearing the backoff) for the normalised email after the right password', async () => {
      users.findByEmailWithPassword.mockResolvedValue(user);
      hasher.verify.mockResolvedValue(true);

      await expect(passwords.checkLogin(' ALICE@example.com', 'right')).resolves.toBe(user);
      expect(backoff.recordSuccess).toHaveBeenCalledWith('alice@example.com');
      expect(firstCallOf(hasher.verify)).toBeLessThan(firstCallOf(backoff.recordSuccess));
      expect(backoff.claimAttempt).toHaveBeenCalledTimes(1);
    });
  });

  describe('delegations', () => {
    it.each<[string, string | undefined, string]>([
      ['as "password" by default', undefined, 'password'],
      ['under the field given', 'newPassword', 'newPassword'],
    ])('assertAcceptable asks the policy, naming the password %s', (_case, field, named) => {
      passwords.assertAcceptable('correct horse battery', user, field);
      expect(policy.assertAcceptable.mock.calls).toEqual([['correct horse battery', user, named]]);
    });

    it("hash asks the hasher, store writes in the caller's transaction, forgetFailures ends the backoff", async () => {
      hasher.hash.mockResolvedValue('$2b$04$new-hash');
      users.setPasswordHash.mockResolvedValue();

      await expect(passwords.hash('correct horse battery')).resolves.toBe('$2b$04$new-hash');
      await passwords.store(txEm as unknown as EntityManager, user.id, '$2b$04$new-hash');
      await passwords.forgetFailures(user.email);
      expect(hasher.hash.mock.calls).toEqual([['correct horse battery']]);
      expect(users.setPasswordHash.mock.calls).toEqual([[txEm, user.id, '$2b$04$new-hash']]);
      expect(backoff.recordSuccess.mock.calls).toEqual([[user.email]]);
    });
  });
});
