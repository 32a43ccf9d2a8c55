import { alice, asEm, authFakes, client, compileOver, firstCallOf } from '../../test/unit/auth.fixture';
import { AuthEventType } from '../audit';
import { TooManyRequestsError, UnauthenticatedError } from '../common/errors';
import { PasswordsService } from './passwords.service';

const user = alice();

/**
 * PasswordsService and a second factor: a code checked behind the account's login backoff
 * (checkOtherFactor), and a password re-check that needs a code too (assertCurrent's `alsoCheck`).
 */
describe('PasswordsService with a second factor', () => {
  let passwords: PasswordsService;
  const fakes = authFakes();
  const { txEm, users, hasher, backoff, audit } = fakes;
  const em = asEm(txEm);

  beforeEach(async () => {
    passwords = await compileOver(PasswordsService, fakes);
    users.passwordHashOf.mockResolvedValue('$2b$04$stored');
  });

  describe('checkOtherFactor', () => {
    it('claims an attempt in the transaction before the check, and ends the streak after a right code', async () => {
      const check = jest.fn<Promise<string | null>, []>().mockResolvedValue('TOTP');

      await expect(passwords.checkOtherFactor(user.email, check, em)).resolves.toEqual({
        outcome: 'valid',
        proof: 'TOTP',
      });
      expect(backoff.claimAttempt.mock.calls).toEqual([[user.email, txEm]]);
      expect(firstCallOf(backoff.claimAttempt)).toBeLessThan(firstCallOf(check));
      expect(backoff.recordSuccess.mock.calls).toEqual([[user.email, txEm]]);
    });

    it('leaves the claim standing after a wrong code', async () => {
      const check = jest.fn<Promise<string | null>, []>().mockResolvedValue(null);

      await expect(passwords.checkOtherFactor(user.email, check, em)).resolves.toEqual({ outcome: 'invalid' });
      expect(backoff.claimAttempt).toHaveBeenCalledTimes(1);
      expect(backoff.recordSuccess).not.toHaveBeenCalled();
    });

    it('checks nothing while the account must wait, and answers the refusal', async () => {
      const refusal = new TooManyRequestsError(60);
      backoff.claimAttempt.mockRejectedValue(refusal);
      const check = jest.fn<Promise<string | null>, []>();

      await expect(passwords.checkOtherFactor(user.email, check, em)).resolves.toEqual({
        outcome: 'refused',
        error: refusal,
      });
      expect(check).not.toHaveBeenCalled();
    });

    it('passes any other failure of the claim through', async () => {
      const failure = new Error('connection reset');
      backoff.claimAttempt.mockRejectedValue(failure);

      await expect(passwords.checkOtherFactor(user.email, jest.fn(), em)).rejects.toBe(failure);
    });
  });

  describe("assertCurrent's second factor", () => {
    const reauthenticate = (password: string, alsoCheck: () => Promise<boolean>) =>
      passwords.assertCurrent(user, password, 'REAUTHENTICATE', client, alsoCheck, 'Password or code is incorrect');

    it('passes, ending the streak, only when the password and the code are both right', async () => {
      hasher.verify.mockResolvedValue(true);
      const code = jest.fn<Promise<boolean>, []>().mockResolvedValue(true);

      await expect(reauthenticate('right', code)).resolves.toBeUndefined();
      expect(firstCallOf(hasher.verify)).toBeLessThan(firstCallOf(code));
      expect(backoff.recordSuccess).toHaveBeenCalledWith(user.email);
    });

    it('refuses a wrong code after the right password with the same words as a wrong password', async () => {
      hasher.verify.mockResolvedValue(true);

      const refused = reauthenticate('right', jest.fn<Promise<boolean>, []>().mockResolvedValue(false));
      await expect(refused).rejects.toThrow(new UnauthenticatedError('Password or code is incorrect'));
      expect(backoff.recordSuccess).not.toHaveBeenCalled();
      expect(audit.record).toHaveBeenCalledWith(
        expect.objectContaining({ type: AuthEventType.LOGIN_FAILED, detail: 'REAUTHENTICATE' }),
      );
    });

    it('does not even check (or spend) the code after a wrong password', async () => {
      hasher.verify.mockResolvedValue(false);
      const code = jest.fn<Promise<boolean>, []>();

      await expect(reauthenticate('wrong', code)).rejects.toThrow('Password or code is incorrect');
      expect(code).not.toHaveBeenCalled();
    });
  });
});
