import { type EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { alice, authFakes, client, compileOver, firstCallOf, sessionOf, signedIn } from '../../test/unit/auth.fixture';
import { AuthEventType } from '../audit';
import { EmailNotVerifiedError, EmailTakenError, InvalidInputError } from '../common/errors';
import type { SignupInput } from './dto/signup.input';
import { SignupService } from './signup.service';

const input: SignupInput = { name: 'Alice', email: 'alice@example.com', password: 'correct horse battery' };
const user = alice({ passwordHash: '$2b$04$stored' });
const session = sessionOf(user);
const created = { name: 'Alice', email: 'alice@example.com', passwordHash: '$2b$04$new-hash' };

describe('SignupService', () => {
  let service: SignupService;
  const fakes = authFakes();
  // Signup checks no existing password: PasswordsService's checks (and so the backoff) are never called.
  const { em, txEm, users, passwords, issuer, audit, verification } = fakes;

  beforeEach(async () => {
    service = await compileOver(SignupService, fakes);
    verification.create.mockReturnValue('verify-token');
    verification.send.mockReturnValue(undefined);
    users.emailTaken.mockResolvedValue(false);
    users.create.mockReturnValue(user);
    issuer.start.mockReturnValue(signedIn(session, 'refresh-0'));
    passwords.hash.mockResolvedValue('$2b$04$new-hash');
  });

  it('creates the user and starts its session in one transaction with the hash, and signs in', async () => {
    await expect(service.signup(input, client)).resolves.toEqual(signedIn(session, 'refresh-0'));
    expect(em.transactional).toHaveBeenCalledTimes(1);
    expect(passwords.hash).toHaveBeenCalledWith(input.password);
    expect(users.create).toHaveBeenCalledWith(txEm, created);
    // The issuer adds the session and its refresh token to the same transaction.
    expect(issuer.start.mock.calls).toEqual([[txEm, user, client]]);
    expect(passwords.checkLogin).not.toHaveBeenCalled();
    expect(passwords.assertCurrent).not.toHaveBeenCalled();
  });

  it('creates the verification token in the transaction and mails it to the new address after the commit', async () => {
    let sentBeforeCommit: boolean | undefined;
    em.transactional.mockImplementation(async (work) => {
      const result = await work(txEm as unknown as EntityManager);
      sentBeforeCommit = verification.send.mock.calls.length > 0;
      return result;
    });

    await expect(service.signup(input, client)).resolves.toMatchObject({ sessionId: session.id });
    expect(verification.create.mock.calls).toEqual([[txEm, user]]);
    expect(sentBeforeCommit).toBe(false);
    expect(verification.send.mock.calls).toEqual([[user.email, 'verify-token']]);
  });

  it('records SIGNUP for the new user and session after the transaction', async () => {
    await expect(service.signup(input, client)).resolves.toMatchObject({ sessionId: session.id });
    const signedUp = { type: AuthEventType.SIGNUP, userId: user.id, sessionId: session.id, client };
    expect(audit.record.mock.calls).toEqual([[signedUp]]);
    expect(firstCallOf(em.transactional)).toBeLessThan(firstCallOf(audit.record));
  });

  it('checks the password against the policy, with the input as its owner, before hashing', async () => {
    await expect(service.signup(input, client)).resolves.toMatchObject({ refreshToken: 'refresh-0' });
    expect(passwords.assertAcceptable).toHaveBeenCalledTimes(1);
    expect(passwords.assertAcceptable).toHaveBeenCalledWith(input.password, input);
    expect(firstCallOf(passwords.assertAcceptable)).toBeLessThan(firstCallOf(passwords.hash));
  });

  it('hashes and stores nothing when the policy refuses the password', async () => {
    const messages = ['password is one of the most common passwords'];
    const refused = new InvalidInputError([{ field: 'password', messages }]);
    passwords.assertAcceptable.mockImplementation(() => {
      throw refused;
    });

    await expect(service.signup(input, client)).rejects.toBe(refused);
    expect(passwords.hash).not.toHaveBeenCalled();
    expect(em.transactional).not.toHaveBeenCalled();
    expect(users.create).not.toHaveBeenCalled();
  });

  it('throws EmailTakenError without hashing when the email is taken', async () => {
    users.emailTaken.mockResolvedValue(true);

    await expect(service.signup(input, client)).rejects.toBeInstanceOf(EmailTakenError);
    expect(users.emailTaken).toHaveBeenCalledWith(input.email);
    expect(passwords.hash).not.toHaveBeenCalled();
    expect(em.transactional).not.toHaveBeenCalled();
  });

  it('maps a unique violation from the transaction (a lost race) to EmailTakenError', async () => {
    em.transactional.mockRejectedValue(new UniqueConstraintViolationException(new Error('duplicate key')));

    await expect(service.signup(input, client)).rejects.toBeInstanceOf(EmailTakenError);
    expect(issuer.start).not.toHaveBeenCalled();
    expect(verification.send).not.toHaveBeenCalled();
    expect(audit.record).not.toHaveBeenCalled();
  });

  it('lets any other error through unchanged', async () => {
    const failure = new Error('connection reset');
    em.transactional.mockRejectedValue(failure);

    await expect(service.signup(input, client)).rejects.toBe(failure);
    expect(verification.send).not.toHaveBeenCalled();
  });

  // A token created but never committed must not be mailed: the link would lead nowhere.
  it('mails nothing when the transaction fails after the token was created', async () => {
    const failure = new Error('connection reset');
    issuer.start.mockImplementation(() => {
      throw failure;
    });

    await expect(service.signup(input, client)).rejects.toBe(failure);
    expect(verification.create).toHaveBeenCalledTimes(1);
    expect(verification.send).not.toHaveBeenCalled();
    expect(audit.record).not.toHaveBeenCalled();
  });

  /** With REQUIRE_EMAIL_VERIFICATION: no session for an address nobody has confirmed. */
  describe('when email verification is required', () => {
    beforeEach(() => {
      verification.required = true;
    });

    it('creates the account and its token, mails the link, and starts no session', async () => {
      await expect(service.signup(input, client)).rejects.toBeInstanceOf(EmailNotVerifiedError);
      expect(users.create).toHaveBeenCalledWith(txEm, created);
      expect(verification.create.mock.calls).toEqual([[txEm, user]]);
      expect(verification.send.mock.calls).toEqual([[user.email, 'verify-token']]);
      expect(issuer.start).not.toHaveBeenCalled();
    });

    it('records SIGNUP for the account, with no session, before refusing', async () => {
      await expect(service.signup(input, client)).rejects.toThrow(/follow the link/);
      expect(audit.record).toHaveBeenCalledTimes(1);
      const [[event]] = audit.record.mock.calls;
      expect(event).toMatchObject({ type: AuthEventType.SIGNUP, userId: user.id, client });
      expect(event.sessionId ?? null).toBeNull();
    });
  });
});
