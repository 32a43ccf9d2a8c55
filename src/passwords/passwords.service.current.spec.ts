import { alice, authFakes, client, compileOver, firstCallOf } from '../../test/unit/auth.fixture';
import { AuthEventType } from '../audit';
import { TooManyRequestsError, UnauthenticatedError } from '../common/errors';
import { PasswordsService, WRONG_PASSWORD } from './passwords.service';

const user = alice();

/**
 * PasswordsService.assertCurrent: a signed-in person's password checked again (changePassword,
 * deleteAccount), behind the same per-account backoff as login. Login itself: passwords.service.spec.ts.
 */
describe.each(['CHANGE_PASSWORD', 'DELETE_ACCOUNT'])('PasswordsService.assertCurrent for %s', (purpose) => {
  let passwords: PasswordsService;
  const fakes = authFakes();
  // A re-check never looks the account up by email: it is the signed-in user's.
  const { users, hasher, backoff, audit } = fakes;
  const check = (password: string) => passwords.assertCurrent(user, password, purpose, client);

  beforeEach(async () => {
    passwords = await compileOver(PasswordsService, fakes);
    users.passwordHashOf.mockResolvedValue('$2b$04$stored');
  });

  it("claims an attempt for the account's email before verifying, and resets it only after", async () => {
    hasher.verify.mockResolvedValue(true);

    await expect(check('right')).resolves.toBeUndefined();
    expect(users.passwordHashOf).toHaveBeenCalledWith(user.id);
    expect(hasher.verify).toHaveBeenCalledWith('right', '$2b$04$stored');
    expect(backoff.claimAttempt).toHaveBeenCalledTimes(1);
    expect(backoff.claimAttempt).toHaveBeenCalledWith(user.email);
    expect(firstCallOf(backoff.claimAttempt)).toBeLessThan(firstCallOf(hasher.verify));
    expect(backoff.recordSuccess).toHaveBeenCalledWith(user.email);
    expect(firstCallOf(hasher.verify)).toBeLessThan(firstCallOf(backoff.recordSuccess));
    expect(audit.record).not.toHaveBeenCalled();
  });

  it('leaves the claimed failure standing after a wrong password, and records the failed guess', async () => {
    hasher.verify.mockResolvedValue(false);

    const result = check('wrong');
    await expect(result).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(result).rejects.toThrow(WRONG_PASSWORD);
    expect(hasher.verify).toHaveBeenCalledWith('wrong', '$2b$04$stored');
    expect(backoff.claimAttempt).toHaveBeenCalledWith(user.email);
    expect(backoff.recordSuccess).not.toHaveBeenCalled();
    expect(audit.record.mock.calls).toEqual([
      [{ type: AuthEventType.LOGIN_FAILED, userId: user.id, email: user.email, detail: purpose, client }],
    ]);
  });

  // The account was deleted in the meantime (or has no password): nothing to compare, so the guess is wrong.
  it('rejects like a wrong password when the account has no stored hash', async () => {
    users.passwordHashOf.mockResolvedValue(null);

    await expect(check('right')).rejects.toThrow(new UnauthenticatedError(WRONG_PASSWORD));
    expect(hasher.verify).not.toHaveBeenCalled();
    expect(backoff.recordSuccess).not.toHaveBeenCalled();
    const failed = { type: AuthEventType.LOGIN_FAILED, userId: user.id, email: user.email, detail: purpose, client };
    expect(audit.record.mock.calls).toEqual([[failed]]);
  });

  it('while in backoff rejects with TOO_MANY_REQUESTS, verifies nothing and records the refused guess', async () => {
    const refused = new TooManyRequestsError(30);
    backoff.claimAttempt.mockRejectedValue(refused);
    hasher.verify.mockResolvedValue(true);

    await expect(check('right')).rejects.toBe(refused);
    expect(users.passwordHashOf).not.toHaveBeenCalled();
    expect(hasher.verify).not.toHaveBeenCalled();
    expect(backoff.recordSuccess).not.toHaveBeenCalled();
    expect(audit.record.mock.calls).toEqual([
      [{ type: AuthEventType.LOGIN_FAILED, userId: user.id, email: user.email, detail: `${purpose}_BACKOFF`, client }],
    ]);
  });

  it('passes any other failure of the backoff through, recording nothing', async () => {
    const failure = new Error('database unavailable');
    backoff.claimAttempt.mockRejectedValue(failure);

    await expect(check('right')).rejects.toBe(failure);
    expect(hasher.verify).not.toHaveBeenCalled();
    expect(audit.record).not.toHaveBeenCalled();
  });
});
