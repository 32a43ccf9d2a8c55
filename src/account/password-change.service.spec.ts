import { alice, authFakes, client, compileOver, firstCallOf, sessionOf, signedIn } from '../../test/unit/auth.fixture';
import { AuthEventType } from '../audit';
import {
  InvalidInputError,
  ReauthenticationRequiredError,
  TooManyRequestsError,
  UnauthenticatedError,
} from '../common/errors';
import { WRONG_PASSWORD } from '../passwords';
import type { ChangePasswordInput } from './dto/change-password.input';
import { PasswordChangeService } from './password-change.service';

const user = alice();
const session = sessionOf(user);
const NEW_PASSWORD = 'a new long passphrase';
const withCurrent = (currentPassword: string): ChangePasswordInput => ({ currentPassword, newPassword: NEW_PASSWORD });

/**
 * PasswordChangeService: the current password re-checked (PasswordsService.assertCurrent, with the
 * login backoff: passwords.service.current.spec.ts), then the new one set in one transaction.
 */
describe('PasswordChangeService', () => {
  let service: PasswordChangeService;
  const fakes = authFakes();
  const { em, txEm, passwords, issuer, sessions, resets, audit, stepUp } = fakes;

  beforeEach(async () => {
    service = await compileOver(PasswordChangeService, fakes);
    passwords.assertCurrent.mockResolvedValue();
    passwords.hash.mockResolvedValue('$2b$04$new-hash');
    passwords.store.mockResolvedValue();
    resets.voidLinks.mockResolvedValue();
    txEm.execute.mockResolvedValue([]);
    issuer.keepOnly.mockResolvedValue(signedIn(session, 'refresh-restarted'));
  });

  // While two-factor is on, a session that authenticated too long ago must reauthenticate first.
  it('asks for the step-up first, checking no password and writing nothing when it is due', async () => {
    const due = new ReauthenticationRequiredError();
    stepUp.assertRecentIfTwoFactor.mockRejectedValue(due);

    await expect(service.change(user, session.id, withCurrent('right'))).rejects.toBe(due);
    expect(stepUp.assertRecentIfTwoFactor.mock.calls).toEqual([[user.id, session.id]]);
    expect(passwords.assertCurrent).not.toHaveBeenCalled();
    expect(em.transactional).not.toHaveBeenCalled();
  });

  it('with a wrong current password rejects before the policy, hashing or writing', async () => {
    const wrong = new UnauthenticatedError(WRONG_PASSWORD);
    passwords.assertCurrent.mockRejectedValue(wrong);

    await expect(service.change(user, session.id, withCurrent('wrong'))).rejects.toBe(wrong);
    expect(passwords.assertCurrent.mock.calls).toEqual([[user, 'wrong', 'CHANGE_PASSWORD', undefined]]);
    expect(passwords.assertAcceptable).not.toHaveBeenCalled();
    expect(passwords.hash).not.toHaveBeenCalled();
    expect(em.transactional).not.toHaveBeenCalled();
    expect(audit.record).not.toHaveBeenCalled();
  });

  it('while in backoff passes TOO_MANY_REQUESTS on, hashing and writing nothing', async () => {
    const refused = new TooManyRequestsError(30);
    passwords.assertCurrent.mockRejectedValue(refused);

    await expect(service.change(user, session.id, withCurrent('right'), client)).rejects.toBe(refused);
    expect(passwords.hash).not.toHaveBeenCalled();
    expect(passwords.store).not.toHaveBeenCalled();
    expect(em.transactional).not.toHaveBeenCalled();
  });

  it('rejected by the policy hashes and writes nothing', async () => {
    const messages = ['newPassword must not contain your email address or name'];
    const refused = new InvalidInputError([{ field: 'newPassword', messages }]);
    passwords.assertAcceptable.mockImplementation(() => {
      throw refused;
    });

    const input = { currentPassword: 'right', newPassword: 'alice-rules' };
    await expect(service.change(user, session.id, input)).rejects.toBe(refused);
    expect(passwords.hash).not.toHaveBeenCalled();
    expect(em.transactional).not.toHaveBeenCalled();
    expect(resets.voidLinks).not.toHaveBeenCalled();
    expect(audit.record).not.toHaveBeenCalled();
  });

  it('checks the policy, sets the hash, ends other sessions and restarts this chain in one transaction', async () => {
    const result = service.change(user, session.id, withCurrent('right'), client);
    await expect(result).resolves.toEqual(signedIn(session, 'refresh-restarted'));
    expect(passwords.assertCurrent.mock.calls).toEqual([[user, 'right', 'CHANGE_PASSWORD', client]]);
    expect(passwords.assertAcceptable).toHaveBeenCalledWith(NEW_PASSWORD, user, 'newPassword');
    expect(firstCallOf(passwords.assertCurrent)).toBeLessThan(firstCallOf(passwords.assertAcceptable));
    expect(passwords.hash).toHaveBeenCalledWith(NEW_PASSWORD);
    expect(em.transactional).toHaveBeenCalledTimes(1);
    expect(passwords.store.mock.calls).toEqual([[txEm, user.id, '$2b$04$new-hash']]);
    // Ends every other session and restarts this one's refresh chain (session-issuer.spec.ts), in the same transaction.
    expect(issuer.keepOnly.mock.calls).toEqual([[txEm, user.id, session.id]]);
    // A reset link mailed before the change must not be able to undo it.
    expect(resets.voidLinks.mock.calls).toEqual([[txEm, user.id]]);
    // A login waiting for its second factor cannot finish after a new password.
    expect(txEm.execute.mock.calls).toEqual([
      ['delete from two_factor_challenges where user_id = ?', [user.id], 'run'],
    ]);
    const changed = { type: AuthEventType.PASSWORD_CHANGED, userId: user.id, sessionId: session.id, client };
    expect(audit.record.mock.calls).toEqual([[changed]]);
    expect(firstCallOf(em.transactional)).toBeLessThan(firstCallOf(audit.record));
    // Once committed, this instance's cache forgets the sessions the change ended.
    expect(sessions.changed.mock.calls).toEqual([[user.id]]);
    expect(firstCallOf(em.transactional)).toBeLessThan(firstCallOf(sessions.changed));
  });

  // Nothing is announced, and nothing is audited, for a change that did not commit.
  it('forgets no session and records nothing when the transaction fails', async () => {
    const failure = new Error('connection reset');
    issuer.keepOnly.mockRejectedValue(failure);

    await expect(service.change(user, session.id, withCurrent('right'), client)).rejects.toBe(failure);
    expect(sessions.changed).not.toHaveBeenCalled();
    expect(audit.record).not.toHaveBeenCalled();
  });
});
