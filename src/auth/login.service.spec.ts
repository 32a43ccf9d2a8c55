import {
  alice,
  asEm,
  authFakes,
  client,
  compileOver,
  firstCallOf,
  issued,
  refreshTokenExpiresAt,
  sessionOf,
  signedIn,
} from '../../test/unit/auth.fixture';
import { AuthEventType } from '../audit';
import {
  EmailNotVerifiedError,
  TooManyRequestsError,
  TwoFactorRequiredError,
  UnauthenticatedError,
} from '../common/errors';
import { INVALID_CREDENTIALS } from '../passwords';
import type { User } from '../users';
import { LoginService } from './login.service';

const user = alice({ passwordHash: '$2b$04$stored' });
const verified = alice({ passwordHash: '$2b$04$stored', emailVerifiedAt: new Date('2026-01-01T00:00:00Z') });
const session = sessionOf(user);

/**
 * LoginService.signIn: the password checked and the session started in one transaction (what
 * PasswordsService.checkLogin does inside it: passwords.service.spec.ts). Refresh and logout:
 * login.service.session.spec.ts.
 */
describe('LoginService.signIn', () => {
  let service: LoginService;
  const fakes = authFakes();
  const { em, txEm, passwords, issuer, audit, verification, twoFactor, passkeys } = fakes;
  /** Called once the transaction's callback has resolved: the commit. A callback that throws rolls back. */
  const committed = jest.fn<void, []>();
  const signIn = () => service.signIn('Alice@Example.com', 'correct horse', client);
  /** Fails unless `fn` was called before the commit, and the commit came. */
  const inTransaction = (fn: { mock: { invocationCallOrder: number[] } }) => {
    expect(committed).toHaveBeenCalledTimes(1);
    expect(firstCallOf(fn)).toBeLessThan(firstCallOf(committed));
  };

  beforeEach(async () => {
    service = await compileOver(LoginService, fakes);
    committed.mockReset();
    em.transactional.mockImplementation(async (work) => {
      const outcome = await work(asEm(txEm));
      committed();
      return outcome;
    });
    passwords.checkLogin.mockResolvedValue({ outcome: 'valid', user });
    issuer.start.mockImplementation((_, owner) => signedIn(owner === user ? session : sessionOf(owner), 'refresh-0'));
    verification.request.mockResolvedValue(true);
  });

  it('checks the password, starts the session and records LOGIN_SUCCEEDED in one transaction', async () => {
    await expect(signIn()).resolves.toEqual({ user, payload: signedIn(session, 'refresh-0') });
    expect(em.transactional).toHaveBeenCalledTimes(1);
    // The account is read (and locked), the hash compared and the session started in the same transaction.
    expect(passwords.checkLogin.mock.calls).toEqual([[txEm, 'Alice@Example.com', 'correct horse', client]]);
    expect(passwords.checkLogin.mock.calls[0][0]).toBe(txEm);
    expect(issuer.start.mock.calls).toEqual([[txEm, user, client]]);
    expect(issuer.start.mock.calls[0][0]).toBe(txEm);
    expect(firstCallOf(passwords.checkLogin)).toBeLessThan(firstCallOf(issuer.start));
    const succeeded = { type: AuthEventType.LOGIN_SUCCEEDED, userId: user.id, sessionId: session.id, client };
    expect(audit.recordIn.mock.calls).toEqual([[txEm, succeeded]]);
    expect(audit.recordIn.mock.calls[0][0]).toBe(txEm);
    expect(audit.record).not.toHaveBeenCalled();
    inTransaction(issuer.start);
    inTransaction(audit.recordIn);
    // The sign-in is complete: the failure streak ends, in the same transaction.
    expect(passwords.forgetFailures.mock.calls).toEqual([[user.email, txEm]]);
    inTransaction(passwords.forgetFailures);
    expect(twoFactor.issueIfEnabled.mock.calls).toEqual([[txEm, user]]);
  });

  it('with two-factor on, answers TWO_FACTOR_REQUIRED with a committed challenge: no session, the streak left standing', async () => {
    const expiresAt = new Date('2026-01-01T00:05:00Z');
    twoFactor.issueIfEnabled.mockResolvedValue({ challenge: 'the-challenge', expiresAt });

    const result = signIn();
    await expect(result).rejects.toBeInstanceOf(TwoFactorRequiredError);
    await expect(result).rejects.toMatchObject({
      code: 'TWO_FACTOR_REQUIRED',
      details: {
        challenge: 'the-challenge',
        challengeExpiresAt: '2026-01-01T00:05:00.000Z',
        methods: ['TOTP', 'RECOVERY_CODE'],
      },
    });
    inTransaction(twoFactor.issueIfEnabled);
    expect(issuer.start).not.toHaveBeenCalled();
    expect(passwords.forgetFailures).not.toHaveBeenCalled();
    expect(audit.recordIn).not.toHaveBeenCalled();
  });

  it('with two-factor on and a passkey, offers PASSKEY at the second step too', async () => {
    twoFactor.issueIfEnabled.mockResolvedValue({ challenge: 'the-challenge', expiresAt: new Date() });
    passkeys.hasAny.mockResolvedValue(true);

    await expect(signIn()).rejects.toMatchObject({ details: { methods: ['TOTP', 'RECOVERY_CODE', 'PASSKEY'] } });
    expect(passkeys.hasAny.mock.calls).toEqual([[txEm, user.id]]);
  });

  it('answers the one login-failure error for a wrong password, after the claim and its row committed', async () => {
    passwords.checkLogin.mockResolvedValue({ outcome: 'invalid' });

    const result = signIn();
    await expect(result).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(result).rejects.toThrow(INVALID_CREDENTIALS);
    // The callback returned normally: what checkLogin wrote (the claim, LOGIN_FAILED) is committed, not rolled back.
    inTransaction(passwords.checkLogin);
    expect(issuer.start).not.toHaveBeenCalled();
    expect(audit.recordIn).not.toHaveBeenCalled();
    expect(audit.record).not.toHaveBeenCalled();
  });

  it("passes the backoff's refusal on as itself, after its row committed", async () => {
    const refused = new TooManyRequestsError(30);
    passwords.checkLogin.mockResolvedValue({ outcome: 'refused', error: refused });

    await expect(signIn()).rejects.toBe(refused);
    inTransaction(passwords.checkLogin);
    expect(issuer.start).not.toHaveBeenCalled();
    expect(audit.recordIn).not.toHaveBeenCalled();
  });

  it('if verification is required, starts no session for the unverified, asks for a link (1 per 15 min)', async () => {
    verification.required = true;

    await expect(signIn()).rejects.toBeInstanceOf(EmailNotVerifiedError);
    expect(verification.request.mock.calls).toEqual([[user, client, 15 * 60]]);
    // Asked for once the transaction (the ended failure streak with it) has committed.
    inTransaction(passwords.checkLogin);
    expect(firstCallOf(committed)).toBeLessThan(firstCallOf(verification.request));
    expect(issuer.start).not.toHaveBeenCalled();
    expect(audit.recordIn).not.toHaveBeenCalled();
    expect(audit.record).not.toHaveBeenCalled();
  });

  it('if verification is required, gives an unverified account no challenge either, two-factor on or not', async () => {
    verification.required = true;
    twoFactor.issueIfEnabled.mockResolvedValue({ challenge: 'the-challenge', expiresAt: new Date() });

    await expect(signIn()).rejects.toBeInstanceOf(EmailNotVerifiedError);
    expect(twoFactor.issueIfEnabled).not.toHaveBeenCalled();
    expect(issuer.start).not.toHaveBeenCalled();
  });

  it('when verification is required, lets the refusal wait for the request, and passes on its failure', async () => {
    verification.required = true;
    const failure = new Error('database unavailable');
    verification.request.mockRejectedValue(failure);

    await expect(signIn()).rejects.toBe(failure);
    expect(committed).toHaveBeenCalledTimes(1);
    expect(issuer.start).not.toHaveBeenCalled();
  });

  it.each<[string, boolean, User]>([
    ['a verified account when required', true, verified],
    ['an unverified account when not required', false, user],
  ])('signs in %s without sending anything', async (_case, required, owner) => {
    verification.required = required;
    passwords.checkLogin.mockResolvedValue({ outcome: 'valid', user: owner });

    const payload = { ...issued, sessionId: expect.any(String), refreshToken: 'refresh-0', refreshTokenExpiresAt };
    await expect(signIn()).resolves.toEqual({ user: owner, payload: { ...payload, user: owner } });
    expect(verification.request).not.toHaveBeenCalled();
    const succeeded = { type: AuthEventType.LOGIN_SUCCEEDED, userId: owner.id };
    expect(audit.recordIn).toHaveBeenCalledWith(txEm, expect.objectContaining(succeeded));
  });

  // The trail's row is written in the sign-in's transaction: no session without it.
  it('fails the sign-in, rolling the session back, if LOGIN_SUCCEEDED cannot be written', async () => {
    const failure = new Error('insert failed');
    audit.recordIn.mockRejectedValue(failure);

    await expect(signIn()).rejects.toBe(failure);
    expect(issuer.start).toHaveBeenCalledTimes(1);
    expect(committed).not.toHaveBeenCalled();
    expect(audit.record).not.toHaveBeenCalled();
  });

  it('passes a failure of the check on, starting no session', async () => {
    const failure = new Error('database unavailable');
    passwords.checkLogin.mockRejectedValue(failure);

    await expect(signIn()).rejects.toBe(failure);
    expect(committed).not.toHaveBeenCalled();
    expect(issuer.start).not.toHaveBeenCalled();
    expect(audit.recordIn).not.toHaveBeenCalled();
  });
});
