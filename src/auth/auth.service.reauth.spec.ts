import { UnauthorizedException } from '@nestjs/common';
import { AuthEventType } from '../audit/auth-event.entity';
import { InvalidInputError, TooManyRequestsError } from '../common/errors';
import { type AuthService, WRONG_PASSWORD } from './auth.service';
import { EmailTokenPurpose } from './email/email-token.entity';
import { alice, authFakes, client, compileAuthService, issued, refreshTokenExpiresAt, sessionOf } from './auth.service.fixture';

const user = alice();
const session = sessionOf(user);
const NEW_PASSWORD = 'a new long passphrase';

/** AuthService re-checking the password of someone signed in: changePassword and deleteAccount, with the login backoff. */
describe('AuthService (password re-check)', () => {
  let auth: AuthService;
  const fakes = authFakes();
  const { em, txEm, users, sessions, refreshTokens, passwords, policy, backoff, audit, emailTokens } = fakes;

  const checks: [string, (password: string) => Promise<unknown>][] = [
    ['changePassword', (password) => auth.changePassword(user, session.id, { currentPassword: password, newPassword: NEW_PASSWORD }, client)],
    ['deleteAccount', (password) => auth.deleteAccount(user, session.id, password, client)],
  ];

  beforeEach(async () => {
    // Re-checking a password never sends or requires a verification mail.
    auth = await compileAuthService(fakes, { unused: ['verification'] });
    emailTokens.discard.mockResolvedValue();
    txEm.findOneOrFail.mockResolvedValue(session);
    users.passwordHashOf.mockResolvedValue('$2b$04$stored');
    users.setPasswordHash.mockResolvedValue();
    users.delete.mockResolvedValue();
    sessions.revoke.mockResolvedValue(1);
    refreshTokens.issue.mockReturnValue('refresh-restarted');
    refreshTokens.forget.mockResolvedValue(1);
    passwords.hash.mockResolvedValue('$2b$04$new-hash');
  });

  it('changePassword with a wrong current password rejects before the policy, hashing or writing', async () => {
    passwords.verify.mockResolvedValue(false);

    const result = auth.changePassword(user, session.id, { currentPassword: 'wrong', newPassword: NEW_PASSWORD });
    await expect(result).rejects.toThrow(new UnauthorizedException(WRONG_PASSWORD));
    expect(passwords.verify).toHaveBeenCalledWith('wrong', '$2b$04$stored');
    expect(policy.assertAcceptable).not.toHaveBeenCalled();
    expect(passwords.hash).not.toHaveBeenCalled();
    expect(em.transactional).not.toHaveBeenCalled();
  });

  it('changePassword rejected by the policy hashes and writes nothing', async () => {
    const refused = new InvalidInputError([{ field: 'newPassword', messages: ['newPassword must not contain your email address or name'] }]);
    passwords.verify.mockResolvedValue(true);
    policy.assertAcceptable.mockImplementation(() => {
      throw refused;
    });

    await expect(auth.changePassword(user, session.id, { currentPassword: 'right', newPassword: 'alice-rules' })).rejects.toBe(refused);
    expect(passwords.hash).not.toHaveBeenCalled();
    expect(em.transactional).not.toHaveBeenCalled();
    expect(emailTokens.discard).not.toHaveBeenCalled();
    expect(audit.record).not.toHaveBeenCalled();
  });

  it('changePassword checks the policy, sets the hash, ends other sessions and restarts this chain in one transaction', async () => {
    passwords.verify.mockResolvedValue(true);

    const result = auth.changePassword(user, session.id, { currentPassword: 'right', newPassword: NEW_PASSWORD }, client);
    await expect(result).resolves.toEqual({ sessionId: session.id, ...issued, refreshToken: 'refresh-restarted', refreshTokenExpiresAt, user });
    expect(policy.assertAcceptable).toHaveBeenCalledWith(NEW_PASSWORD, user, 'newPassword');
    expect(passwords.verify.mock.invocationCallOrder[0]).toBeLessThan(policy.assertAcceptable.mock.invocationCallOrder[0]);
    expect(passwords.hash).toHaveBeenCalledWith(NEW_PASSWORD);
    expect(users.setPasswordHash).toHaveBeenCalledWith(txEm, user.id, '$2b$04$new-hash');
    expect(sessions.revoke).toHaveBeenCalledWith(user.id, { except: session.id }, txEm);
    expect(refreshTokens.forget).toHaveBeenCalledWith(txEm, session);
    expect(refreshTokens.issue).toHaveBeenCalledWith(txEm, session);
    // A reset link mailed before the change must not be able to undo it.
    expect(emailTokens.discard.mock.calls).toEqual([[txEm, user.id, EmailTokenPurpose.RESET_PASSWORD]]);
    expect(audit.record.mock.calls).toEqual([[{ type: AuthEventType.PASSWORD_CHANGED, userId: user.id, sessionId: session.id, client }]]);
    expect(em.transactional.mock.invocationCallOrder[0]).toBeLessThan(audit.record.mock.invocationCallOrder[0]);
    // Once committed, this instance's cache forgets the sessions the change ended.
    expect(sessions.forgetUser.mock.calls).toEqual([[user.id]]);
  });

  it('deleteAccount with a wrong password rejects and deletes nothing', async () => {
    passwords.verify.mockResolvedValue(false);

    await expect(auth.deleteAccount(user, session.id, 'wrong', client)).rejects.toBeInstanceOf(UnauthorizedException);
    expect(users.delete).not.toHaveBeenCalled();
  });

  it('deleteAccount with the right password deletes the user, then records ACCOUNT_DELETED', async () => {
    passwords.verify.mockResolvedValue(true);

    await expect(auth.deleteAccount(user, session.id, 'right', client)).resolves.toBe(true);
    expect(passwords.verify).toHaveBeenCalledWith('right', '$2b$04$stored');
    expect(users.delete).toHaveBeenCalledWith(user.id);
    expect(audit.record.mock.calls).toEqual([[{ type: AuthEventType.ACCOUNT_DELETED, userId: user.id, sessionId: session.id, client }]]);
    expect(users.delete.mock.invocationCallOrder[0]).toBeLessThan(audit.record.mock.invocationCallOrder[0]);
    expect(sessions.forgetUser.mock.calls).toEqual([[user.id]]);
  });

  describe.each(checks)('%s shares the login backoff', (name, check) => {
    const purpose = name === 'changePassword' ? 'CHANGE_PASSWORD' : 'DELETE_ACCOUNT';

    it("claims an attempt for the account's email before verifying, and resets it only after", async () => {
      passwords.verify.mockResolvedValue(true);

      await expect(check('right')).resolves.toBeTruthy();
      expect(backoff.claimAttempt).toHaveBeenCalledTimes(1);
      expect(backoff.claimAttempt).toHaveBeenCalledWith(user.email);
      expect(backoff.claimAttempt.mock.invocationCallOrder[0]).toBeLessThan(passwords.verify.mock.invocationCallOrder[0]);
      expect(backoff.recordSuccess).toHaveBeenCalledWith(user.email);
      expect(passwords.verify.mock.invocationCallOrder[0]).toBeLessThan(backoff.recordSuccess.mock.invocationCallOrder[0]);
    });

    it('leaves the claimed failure standing after a wrong password, and records the failed guess', async () => {
      passwords.verify.mockResolvedValue(false);

      await expect(check('wrong')).rejects.toThrow(new UnauthorizedException(WRONG_PASSWORD));
      expect(backoff.claimAttempt).toHaveBeenCalledWith(user.email);
      expect(backoff.recordSuccess).not.toHaveBeenCalled();
      expect(audit.record.mock.calls).toEqual([
        [{ type: AuthEventType.LOGIN_FAILED, userId: user.id, email: user.email, detail: purpose, client }],
      ]);
    });

    it('while in backoff rejects with TOO_MANY_REQUESTS and verifies, hashes and deletes nothing', async () => {
      const refused = new TooManyRequestsError(30);
      backoff.claimAttempt.mockRejectedValue(refused);
      passwords.verify.mockResolvedValue(true);

      await expect(check('right')).rejects.toBe(refused);
      expect(passwords.verify).not.toHaveBeenCalled();
      expect(passwords.hash).not.toHaveBeenCalled();
      expect(users.setPasswordHash).not.toHaveBeenCalled();
      expect(users.delete).not.toHaveBeenCalled();
      expect(backoff.recordSuccess).not.toHaveBeenCalled();
    });
  });
});
