import { UnauthorizedException } from '@nestjs/common';
import { AuthEventType } from '../audit/auth-event.entity';
import { TooManyRequestsError } from '../common/errors';
import type { User } from '../users/user.entity';
import type { AuthService } from './auth.service';
import { alice, authFakes, client, compileAuthService, issued, refreshTokenExpiresAt, sessionOf } from './auth.service.fixture';

const user = alice({ passwordHash: '$2b$04$stored' });
const session = sessionOf(user);

/** AuthService signing someone in: validateCredentials (with the login backoff) and login. Signup: auth.service.signup.spec.ts. */
describe('AuthService', () => {
  let auth: AuthService;
  const fakes = authFakes();
  // Signing in never applies the password policy; its fake is there for the assertions.
  const { em, txEm, users, sessions, refreshTokens, passwords, policy, backoff, audit } = fakes;

  beforeEach(async () => {
    auth = await compileAuthService(fakes);
    sessions.create.mockReturnValue(session);
    refreshTokens.issue.mockReturnValue('refresh-0');
    passwords.verifyNothing.mockResolvedValue(false);
  });

  describe('validateCredentials', () => {
    it('does the dummy comparison and resolves null for an unknown email', async () => {
      users.findByEmailWithPassword.mockResolvedValue(null);

      await expect(auth.validateCredentials('nobody@example.com', 'pw')).resolves.toBeNull();
      expect(passwords.verifyNothing).toHaveBeenCalledWith('pw');
      expect(passwords.verify).not.toHaveBeenCalled();
    });

    it('resolves null for a wrong password', async () => {
      users.findByEmailWithPassword.mockResolvedValue(user);
      passwords.verify.mockResolvedValue(false);

      await expect(auth.validateCredentials(user.email, 'wrong')).resolves.toBeNull();
      expect(passwords.verify).toHaveBeenCalledWith('wrong', user.passwordHash);
    });

    it('resolves the user for the right password', async () => {
      users.findByEmailWithPassword.mockResolvedValue(user);
      passwords.verify.mockResolvedValue(true);

      await expect(auth.validateCredentials(user.email, 'right', client)).resolves.toBe(user);
      expect(passwords.verifyNothing).not.toHaveBeenCalled();
      expect(audit.record).not.toHaveBeenCalled();
    });

    it('trims and lower-cases the email before the lookup', async () => {
      users.findByEmailWithPassword.mockResolvedValue(null);

      await expect(auth.validateCredentials('  Alice@Example.COM \n', 'pw')).resolves.toBeNull();
      expect(users.findByEmailWithPassword).toHaveBeenCalledWith('alice@example.com');
    });

    it.each<[string, User | null, 'verify' | 'verifyNothing']>([
      ['a known email', user, 'verify'],
      ['an unknown email', null, 'verifyNothing'],
    ])('claims an attempt for the normalised email before any password comparison, for %s', async (_case, found, compare) => {
      const comparison = passwords[compare];
      users.findByEmailWithPassword.mockResolvedValue(found);
      passwords.verify.mockResolvedValue(false);

      await expect(auth.validateCredentials('  Alice@Example.COM ', 'pw')).resolves.toBeNull();
      expect(backoff.claimAttempt).toHaveBeenCalledTimes(1);
      expect(backoff.claimAttempt).toHaveBeenCalledWith('alice@example.com');
      expect(comparison).toHaveBeenCalledTimes(1);
      expect(backoff.claimAttempt.mock.invocationCallOrder[0]).toBeLessThan(comparison.mock.invocationCallOrder[0]);
    });

    it('makes no bcrypt call and resets nothing while the address is in backoff', async () => {
      const refused = new TooManyRequestsError(30);
      backoff.claimAttempt.mockRejectedValue(refused);
      users.findByEmailWithPassword.mockResolvedValue(user);

      await expect(auth.validateCredentials(user.email, 'right')).rejects.toBe(refused);
      expect(passwords.verify).not.toHaveBeenCalled();
      expect(passwords.verifyNothing).not.toHaveBeenCalled();
      expect(backoff.recordSuccess).not.toHaveBeenCalled();
    });

    // The claim already counted the attempt as a failure; the backoff needs nothing more, the audit trail gets the event.
    it.each<[string, User | null]>([
      ['an unknown email', null],
      ['a wrong password', user],
    ])('leaves the claimed failure standing and records LOGIN_FAILED (with the account, if any) after %s', async (_case, found) => {
      users.findByEmailWithPassword.mockResolvedValue(found);
      passwords.verify.mockResolvedValue(false);

      await expect(auth.validateCredentials(' ALICE@example.com', 'wrong', client)).resolves.toBeNull();
      expect(backoff.claimAttempt).toHaveBeenCalledWith('alice@example.com');
      expect(backoff.recordSuccess).not.toHaveBeenCalled();
      const [[event], ...others] = audit.record.mock.calls;
      expect(others).toEqual([]);
      const expected = { type: AuthEventType.LOGIN_FAILED, userId: found && user.id, email: 'alice@example.com', client };
      expect({ ...event, userId: event.userId ?? null }).toEqual(expected);
    });

    it('records a success (clearing the backoff) for the normalised email after the right password', async () => {
      users.findByEmailWithPassword.mockResolvedValue(user);
      passwords.verify.mockResolvedValue(true);

      await expect(auth.validateCredentials(' ALICE@example.com', 'right')).resolves.toBe(user);
      expect(backoff.recordSuccess).toHaveBeenCalledWith('alice@example.com');
      expect(passwords.verify.mock.invocationCallOrder[0]).toBeLessThan(backoff.recordSuccess.mock.invocationCallOrder[0]);
      expect(backoff.claimAttempt).toHaveBeenCalledTimes(1);
    });
  });

  it('login starts a session with a refresh token inside a transaction, then records LOGIN_SUCCEEDED', async () => {
    const payload = { sessionId: session.id, ...issued, refreshToken: 'refresh-0', refreshTokenExpiresAt, user };
    await expect(auth.login(user, client)).resolves.toEqual(payload);
    expect(em.transactional).toHaveBeenCalledTimes(1);
    expect(sessions.create).toHaveBeenCalledWith(txEm, user, client);
    expect(refreshTokens.issue).toHaveBeenCalledWith(txEm, session);
    expect(policy.assertAcceptable).not.toHaveBeenCalled();
    expect(audit.record.mock.calls).toEqual([[{ type: AuthEventType.LOGIN_SUCCEEDED, userId: user.id, sessionId: session.id, client }]]);
    expect(em.transactional.mock.invocationCallOrder[0]).toBeLessThan(audit.record.mock.invocationCallOrder[0]);
    // Checked (and the row locked) in the session's own transaction, against the hash that was verified.
    expect(users.passwordStillIs.mock.calls).toEqual([[txEm, user.id, user.passwordHash]]);
  });

  it('login refuses, starting no session, when the password changed after it was checked (a reset got in between)', async () => {
    users.passwordStillIs.mockResolvedValue(false);

    await expect(auth.login(user, client)).rejects.toBeInstanceOf(UnauthorizedException);
    expect(sessions.create).not.toHaveBeenCalled();
    expect(audit.record).not.toHaveBeenCalled();
  });
});
