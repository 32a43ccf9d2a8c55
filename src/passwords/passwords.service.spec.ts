import { alice, asEm, authFakes, client, compileOver, firstCallOf } from '../../test/unit/auth.fixture';
import { AuthEventType } from '../audit';
import { TooManyRequestsError } from '../common/errors';
import type { User } from '../users';
import { PasswordsService } from './passwords.service';

const user = alice({ passwordHash: '$2b$04$stored' });

/**
 * PasswordsService at login (checkLogin, in the login's transaction, with the login backoff) and its
 * plain delegations. Re-checks of a signed-in person's password: passwords.service.current.spec.ts.
 */
describe('PasswordsService', () => {
  let passwords: PasswordsService;
  const fakes = authFakes();
  const { txEm, users, hasher, policy, backoff, audit } = fakes;
  /** checkLogin in the fake login transaction (`txEm`), as LoginService.signIn calls it. */
  const checkLogin = (email: string, password: string) => passwords.checkLogin(asEm(txEm), email, password, client);
  /** The trail's rows written by checkLogin: in its transaction only, never by the best-effort `record`. */
  const trail = () => {
    expect(audit.record).not.toHaveBeenCalled();
    for (const [em] of audit.recordIn.mock.calls) expect(em).toBe(txEm);
    return audit.recordIn.mock.calls.map(([, event]) => ({ ...event, userId: event.userId ?? null }));
  };

  beforeEach(async () => {
    passwords = await compileOver(PasswordsService, fakes);
    hasher.verifyNothing.mockResolvedValue(false);
  });

  describe('checkLogin', () => {
    it('does the dummy comparison and answers invalid for an unknown email', async () => {
      users.findForLogin.mockResolvedValue(null);

      await expect(checkLogin('nobody@example.com', 'pw')).resolves.toEqual({ outcome: 'invalid' });
      expect(hasher.verifyNothing).toHaveBeenCalledWith('pw');
      expect(hasher.verify).not.toHaveBeenCalled();
    });

    it('answers invalid for a wrong password, compared with the hash read in the transaction', async () => {
      users.findForLogin.mockResolvedValue(user);
      hasher.verify.mockResolvedValue(false);

      await expect(checkLogin(user.email, 'wrong')).resolves.toEqual({ outcome: 'invalid' });
      expect(hasher.verify).toHaveBeenCalledWith('wrong', user.passwordHash);
    });

    it('answers valid with the user for the right password, writing nothing to the trail', async () => {
      users.findForLogin.mockResolvedValue(user);
      hasher.verify.mockResolvedValue(true);

      const check = await checkLogin(user.email, 'right');
      expect(check).toEqual({ outcome: 'valid', user });
      expect(check.outcome === 'valid' && check.user).toBe(user);
      expect(hasher.verifyNothing).not.toHaveBeenCalled();
      expect(audit.record).not.toHaveBeenCalled();
      expect(audit.recordIn).not.toHaveBeenCalled();
    });

    // findForLogin locks the row (FOR SHARE) in this transaction: a reset must wait for the session to start.
    it("trims and lower-cases the email before reading the account in the login's transaction", async () => {
      users.findForLogin.mockResolvedValue(null);

      await expect(checkLogin('  Alice@Example.COM \n', 'pw')).resolves.toEqual({ outcome: 'invalid' });
      expect(users.findForLogin).toHaveBeenCalledTimes(1);
      const [[em, email]] = users.findForLogin.mock.calls;
      expect(em).toBe(txEm);
      expect(email).toBe('alice@example.com');
    });

    it.each<[string, User | null, 'verify' | 'verifyNothing']>([
      ['a known email', user, 'verify'],
      ['an unknown email', null, 'verifyNothing'],
    ])('claims an attempt in the same transaction before any password comparison, for %s', async (_, found, how) => {
      const comparison = hasher[how];
      users.findForLogin.mockResolvedValue(found);
      hasher.verify.mockResolvedValue(false);

      await expect(checkLogin('  Alice@Example.COM ', 'pw')).resolves.toEqual({ outcome: 'invalid' });
      expect(backoff.claimAttempt).toHaveBeenCalledTimes(1);
      const [[email, em]] = backoff.claimAttempt.mock.calls;
      expect(email).toBe('alice@example.com');
      expect(em).toBe(txEm);
      expect(comparison).toHaveBeenCalledTimes(1);
      expect(firstCallOf(backoff.claimAttempt)).toBeLessThan(firstCallOf(comparison));
    });

    it('makes no bcrypt call, resets nothing and answers refused while the address is in backoff', async () => {
      const refused = new TooManyRequestsError(30);
      backoff.claimAttempt.mockRejectedValue(refused);
      users.findForLogin.mockResolvedValue(user);

      const check = await checkLogin(user.email, 'right');
      expect(check).toEqual({ outcome: 'refused', error: refused });
      expect(check.outcome === 'refused' && check.error).toBe(refused);
      expect(hasher.verify).not.toHaveBeenCalled();
      expect(hasher.verifyNothing).not.toHaveBeenCalled();
      expect(backoff.recordSuccess).not.toHaveBeenCalled();
    });

    // A refused guess is what an attack looks like, so it goes in the trail (of the account, if there is one),
    // in the login's transaction: answered (not thrown), so the transaction commits the row with the claim.
    it.each<[string, User | null]>([
      ['a known email', user],
      ['an unknown email', null],
    ])('records a refusal by the backoff as LOGIN_FAILED with detail BACKOFF, for %s', async (_case, found) => {
      backoff.claimAttempt.mockRejectedValue(new TooManyRequestsError(30));
      users.findForLogin.mockResolvedValue(found);

      await expect(checkLogin(' ALICE@example.com', 'pw')).resolves.toMatchObject({ outcome: 'refused' });
      const email = 'alice@example.com';
      const userId = found && user.id;
      expect(trail()).toEqual([{ type: AuthEventType.LOGIN_FAILED, userId, email, detail: 'BACKOFF', client }]);
    });

    it('passes any other failure of the backoff through, recording nothing', async () => {
      const failure = new Error('database unavailable');
      backoff.claimAttempt.mockRejectedValue(failure);
      users.findForLogin.mockResolvedValue(user);

      await expect(checkLogin(user.email, 'right')).rejects.toBe(failure);
      expect(audit.record).not.toHaveBeenCalled();
      expect(audit.recordIn).not.toHaveBeenCalled();
      expect(hasher.verify).not.toHaveBeenCalled();
    });

    // The claim already counted the attempt as a failure: the backoff needs nothing more, the trail gets the event.
    it.each<[string, User | null]>([
      ['an unknown email', null],
      ['a wrong password', user],
    ])('leaves the claimed failure standing and records LOGIN_FAILED (with any account) after %s', async (_, found) => {
      users.findForLogin.mockResolvedValue(found);
      hasher.verify.mockResolvedValue(false);

      await expect(checkLogin(' ALICE@example.com', 'wrong')).resolves.toEqual({ outcome: 'invalid' });
      expect(backoff.claimAttempt).toHaveBeenCalledWith('alice@example.com', txEm);
      expect(backoff.recordSuccess).not.toHaveBeenCalled();
      const email = 'alice@example.com';
      expect(trail()).toEqual([{ type: AuthEventType.LOGIN_FAILED, userId: found && user.id, email, client }]);
    });

    // The row is part of the login's transaction: if it cannot be written, the attempt fails as a whole.
    it("passes a failure to write the trail's row through", async () => {
      const failure = new Error('insert failed');
      users.findForLogin.mockResolvedValue(user);
      hasher.verify.mockResolvedValue(false);
      audit.recordIn.mockRejectedValue(failure);

      await expect(checkLogin(user.email, 'wrong')).rejects.toBe(failure);
    });

    // With two-factor on, the right password alone must not end the streak: the caller ends it (forgetFailures).
    it('leaves the failure streak to the caller after the right password: the claim stands', async () => {
      users.findForLogin.mockResolvedValue(user);
      hasher.verify.mockResolvedValue(true);

      await expect(checkLogin(' ALICE@example.com', 'right')).resolves.toEqual({ outcome: 'valid', user });
      expect(backoff.claimAttempt).toHaveBeenCalledTimes(1);
      expect(backoff.recordSuccess).not.toHaveBeenCalled();
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
      await passwords.store(asEm(txEm), user.id, '$2b$04$new-hash');
      await passwords.forgetFailures(user.email);
      expect(hasher.hash.mock.calls).toEqual([['correct horse battery']]);
      expect(users.setPasswordHash.mock.calls).toEqual([[txEm, user.id, '$2b$04$new-hash']]);
      // Outside any login: on the backoff's own connection (its `em` parameter left to default).
      expect(backoff.recordSuccess.mock.calls).toEqual([[user.email, undefined]]);
    });
  });
});
