import { alice, authFakes, client, compileOver, firstCallOf, sessionOf } from '../../test/unit/auth.fixture';
import { AuthEventType } from '../audit';
import { ReauthenticationRequiredError, TooManyRequestsError, UnauthenticatedError } from '../common/errors';
import { WRONG_PASSWORD } from '../passwords';
import { AccountService } from './account.service';

const user = alice();
const session = sessionOf(user);

/**
 * AccountService: renaming, and deleting the account with the current password re-checked
 * (PasswordsService.assertCurrent, with the login backoff: passwords.service.current.spec.ts).
 */
describe('AccountService', () => {
  let service: AccountService;
  const fakes = authFakes();
  const { users, passwords, sessions, audit, stepUp } = fakes;

  beforeEach(async () => {
    // Neither renaming nor deleting runs a transaction of its own: the empty fake only satisfies the constructor.
    service = await compileOver(AccountService, fakes, { unused: ['em'] });
    users.delete.mockResolvedValue();
  });

  describe('delete', () => {
    it('asks for the step-up first (while two-factor is on), checking no password and deleting nothing when due', async () => {
      const due = new ReauthenticationRequiredError();
      stepUp.assertRecentIfTwoFactor.mockRejectedValue(due);

      await expect(service.delete(user, session.id, 'right', client)).rejects.toBe(due);
      expect(stepUp.assertRecentIfTwoFactor.mock.calls).toEqual([[user.id, session.id]]);
      expect(passwords.assertCurrent).not.toHaveBeenCalled();
      expect(users.delete).not.toHaveBeenCalled();
    });

    it('with a wrong password rejects and deletes nothing', async () => {
      const wrong = new UnauthenticatedError(WRONG_PASSWORD);
      passwords.assertCurrent.mockRejectedValue(wrong);

      await expect(service.delete(user, session.id, 'wrong', client)).rejects.toBe(wrong);
      expect(passwords.assertCurrent.mock.calls).toEqual([[user, 'wrong', 'DELETE_ACCOUNT', client]]);
      expect(users.delete).not.toHaveBeenCalled();
      expect(sessions.changed).not.toHaveBeenCalled();
      expect(audit.record).not.toHaveBeenCalled();
    });

    it('while in backoff passes TOO_MANY_REQUESTS on and deletes nothing', async () => {
      const refused = new TooManyRequestsError(30);
      passwords.assertCurrent.mockRejectedValue(refused);

      await expect(service.delete(user, session.id, 'right', client)).rejects.toBe(refused);
      expect(users.delete).not.toHaveBeenCalled();
      expect(audit.record).not.toHaveBeenCalled();
    });

    it('with the right password deletes the user, then records ACCOUNT_DELETED', async () => {
      passwords.assertCurrent.mockResolvedValue();

      await expect(service.delete(user, session.id, 'right', client)).resolves.toBe(true);
      expect(passwords.assertCurrent.mock.calls).toEqual([[user, 'right', 'DELETE_ACCOUNT', client]]);
      expect(firstCallOf(passwords.assertCurrent)).toBeLessThan(firstCallOf(users.delete));
      expect(users.delete).toHaveBeenCalledWith(user.id);
      const deleted = { type: AuthEventType.ACCOUNT_DELETED, userId: user.id, sessionId: session.id, client };
      expect(audit.record.mock.calls).toEqual([[deleted]]);
      expect(firstCallOf(users.delete)).toBeLessThan(firstCallOf(audit.record));
      // The sessions went with the user (ON DELETE CASCADE); this instance's cache forgets them at once.
      expect(sessions.changed.mock.calls).toEqual([[user.id]]);
      expect(firstCallOf(users.delete)).toBeLessThan(firstCallOf(sessions.changed));
    });
  });

  describe('rename', () => {
    it('renames the user, then has this instance forget its cached sessions (they carry the name)', async () => {
      const renamed = Object.assign(alice(), { id: user.id, name: 'Alicia' });
      users.rename.mockResolvedValue(renamed);

      await expect(service.rename(user, 'Alicia')).resolves.toBe(renamed);
      expect(users.rename.mock.calls).toEqual([[user, 'Alicia']]);
      expect(sessions.changed.mock.calls).toEqual([[user.id]]);
      expect(firstCallOf(users.rename)).toBeLessThan(firstCallOf(sessions.changed));
      expect(passwords.assertCurrent).not.toHaveBeenCalled();
      expect(audit.record).not.toHaveBeenCalled();
    });

    it('forgets nothing when the rename fails', async () => {
      const failure = new Error('connection reset');
      users.rename.mockRejectedValue(failure);

      await expect(service.rename(user, 'Alicia')).rejects.toBe(failure);
      expect(sessions.changed).not.toHaveBeenCalled();
    });
  });
});
