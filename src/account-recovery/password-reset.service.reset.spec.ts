import type { EntityManager } from '@mikro-orm/postgresql';
import { bob, client, compileEmailService, emailFakes, TOKEN } from '../../test/unit/email.fixture';
import { AuthEventType } from '../audit';
import { InvalidInputError, InvalidTokenError } from '../common/errors';
import type { ResetPasswordInput } from './dto/reset-password.input';
import { EmailTokenPurpose } from './email-token.entity';
import { PasswordResetService } from './password-reset.service';

const { RESET_PASSWORD } = EmailTokenPurpose;
const user = bob();
const input: ResetPasswordInput = { token: TOKEN, newPassword: 'a brand new passphrase' };

/** PasswordResetService.reset: following the link. Asking for it: password-reset.service.request.spec.ts. */
describe('PasswordResetService.reset', () => {
  let service: PasswordResetService;
  const fakes = emailFakes();
  // Following a link sends no mail: the fake links.send throws if called.
  const { em, txEm, links, users, sessions, passwords, audit } = fakes;

  beforeEach(async () => {
    service = await compileEmailService(PasswordResetService, fakes);
    links.peek.mockResolvedValue({ userId: user.id, email: user.email });
    users.findById.mockResolvedValue(user);
    passwords.assertAcceptable.mockReturnValue(undefined);
    passwords.hash.mockResolvedValue('$2b$04$new-hash');
    links.spend.mockResolvedValue({ userId: user.id, email: user.email });
    txEm.execute.mockResolvedValue([]);
    passwords.store.mockResolvedValue();
    users.markEmailVerified.mockResolvedValue(true);
    sessions.end.mockResolvedValue(3);
    passwords.forgetFailures.mockResolvedValue();
  });

  const expectNothingChanged = () => {
    expect(passwords.store).not.toHaveBeenCalled();
    expect(sessions.end).not.toHaveBeenCalled();
    expect(sessions.changed).not.toHaveBeenCalled();
    expect(passwords.forgetFailures).not.toHaveBeenCalled();
    expect(audit.record).not.toHaveBeenCalled();
    expect(audit.recordIn).not.toHaveBeenCalled();
  };

  it('refuses an unknown, used or expired token with INVALID_TOKEN before hashing anything', async () => {
    links.peek.mockResolvedValue(null);

    await expect(service.reset(input, client)).rejects.toBeInstanceOf(InvalidTokenError);
    expect(links.peek).toHaveBeenCalledWith(RESET_PASSWORD, TOKEN);
    expect(users.findById).not.toHaveBeenCalled();
    expect(passwords.hash).not.toHaveBeenCalled();
    expect(em.transactional).not.toHaveBeenCalled();
    expectNothingChanged();
  });

  it('refuses a token whose account is gone with INVALID_TOKEN before hashing anything', async () => {
    users.findById.mockResolvedValue(null);

    await expect(service.reset(input, client)).rejects.toBeInstanceOf(InvalidTokenError);
    expect(users.findById).toHaveBeenCalledWith(user.id);
    expect(passwords.hash).not.toHaveBeenCalled();
    expect(em.transactional).not.toHaveBeenCalled();
  });

  // A rejected password leaves the link usable: the person fixes the password and follows it again.
  it('checks the new password against the policy first, and spends nothing when it is refused', async () => {
    const refused = new InvalidInputError([
      { field: 'newPassword', messages: ['newPassword must not contain your email address or name'] },
    ]);
    passwords.assertAcceptable.mockImplementation(() => {
      throw refused;
    });

    await expect(service.reset(input, client)).rejects.toBe(refused);
    expect(passwords.assertAcceptable).toHaveBeenCalledWith(input.newPassword, user, 'newPassword');
    expect(passwords.hash).not.toHaveBeenCalled();
    expect(links.spend).not.toHaveBeenCalled();
    expectNothingChanged();
  });

  it.each([
    ['spent by a parallel redemption', null],
    ['now naming another account', { userId: 'someone-else', email: 'eve@example.com' }],
  ])('refuses with INVALID_TOKEN a token %s when the transaction comes to spend it', async (_case, spent) => {
    links.spend.mockResolvedValue(spent);

    await expect(service.reset(input, client)).rejects.toBeInstanceOf(InvalidTokenError);
    expect(links.spend).toHaveBeenCalledWith(txEm, RESET_PASSWORD, TOKEN);
    expectNothingChanged();
  });

  it('passes on a failure after the spend, so the transaction (and the spend) rolls back', async () => {
    const failure = new Error('connection reset');
    passwords.store.mockRejectedValue(failure);

    await expect(service.reset(input, client)).rejects.toBe(failure);
    expect(sessions.end).not.toHaveBeenCalled();
    expect(sessions.changed).not.toHaveBeenCalled();
    expect(passwords.forgetFailures).not.toHaveBeenCalled();
    expect(audit.record).not.toHaveBeenCalled();
  });

  it('spends the token, sets the hash, verifies the address and ends every session, all in one transaction', async () => {
    await expect(service.reset(input, client)).resolves.toBe(true);
    expect(passwords.hash).toHaveBeenCalledWith(input.newPassword);
    expect(em.transactional).toHaveBeenCalledTimes(1);
    expect(links.spend.mock.calls).toEqual([[txEm, RESET_PASSWORD, TOKEN]]);
    expect(passwords.store.mock.calls).toEqual([[txEm, user.id, '$2b$04$new-hash']]);
    expect(users.markEmailVerified.mock.calls).toEqual([[txEm, user.id, user.email]]);
    expect(txEm.execute.mock.calls).toEqual([
      ['delete from two_factor_challenges where user_id = ?', [user.id], 'run'],
    ]);
    expect(sessions.end.mock.calls).toEqual([[user.id, {}, txEm]]);
    expect(links.spend.mock.invocationCallOrder[0]).toBeLessThan(passwords.store.mock.invocationCallOrder[0]);
  });

  it("after the commit, clears the account's login backoff and records PASSWORD_RESET with the sessions ended", async () => {
    let doneBeforeCommit: number | undefined;
    em.transactional.mockImplementation(async (work) => {
      const result = await work(txEm as unknown as EntityManager);
      doneBeforeCommit =
        passwords.forgetFailures.mock.calls.length +
        audit.record.mock.calls.length +
        sessions.changed.mock.calls.length;
      return result;
    });

    await expect(service.reset(input, client)).resolves.toBe(true);
    expect(doneBeforeCommit).toBe(0);
    expect(passwords.forgetFailures).toHaveBeenCalledWith(user.email);
    // This instance stops answering from memory for the account at once, without waiting for NOTIFY.
    expect(sessions.changed.mock.calls).toEqual([[user.id]]);
    expect(audit.record.mock.calls).toEqual([
      [{ type: AuthEventType.PASSWORD_RESET, userId: user.id, email: user.email, detail: 'SESSIONS_ENDED_3', client }],
    ]);
  });

  it("voidLinks discards the account's reset links in the given transaction (a password change)", async () => {
    links.discard.mockResolvedValue();

    await expect(service.voidLinks(txEm as unknown as EntityManager, user.id)).resolves.toBeUndefined();
    expect(links.discard.mock.calls).toEqual([[txEm, user.id, RESET_PASSWORD]]);
    expect(em.transactional).not.toHaveBeenCalled();
  });
});
