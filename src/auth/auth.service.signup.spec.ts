import { type EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { AuthEventType } from '../audit/auth-event.entity';
import { EmailTakenError, InvalidInputError } from '../common/errors';
import type { AuthService } from './auth.service';
import { alice, authFakes, client, compileAuthService, issued, refreshTokenExpiresAt, sessionOf } from './auth.service.fixture';
import type { SignupInput } from './dto/signup.input';

const input: SignupInput = { name: 'Alice', email: 'alice@example.com', password: 'correct horse battery' };
const user = alice({ passwordHash: '$2b$04$stored' });
const session = sessionOf(user);

describe('AuthService.signup', () => {
  let auth: AuthService;
  const fakes = authFakes();
  // Signup checks no existing password, so it never touches the backoff.
  const { em, txEm, users, sessions, refreshTokens, passwords, tokens, policy, backoff, audit, verification } = fakes;

  beforeEach(async () => {
    // Signup never discards emailed tokens: there are none yet.
    auth = await compileAuthService(fakes, { unused: ['emailTokens'] });
    verification.create.mockReturnValue('verify-token');
    verification.send.mockReturnValue(undefined);
    users.emailTaken.mockResolvedValue(false);
    users.create.mockReturnValue(user);
    sessions.create.mockReturnValue(session);
    refreshTokens.issue.mockReturnValue('refresh-0');
    passwords.hash.mockResolvedValue('$2b$04$new-hash');
  });

  it('creates user, session and refresh token in one transaction with the hash, and signs in', async () => {
    const payload = { sessionId: session.id, ...issued, refreshToken: 'refresh-0', refreshTokenExpiresAt, user };
    await expect(auth.signup(input, client)).resolves.toEqual(payload);
    expect(passwords.hash).toHaveBeenCalledWith(input.password);
    expect(users.create).toHaveBeenCalledWith(txEm, { name: 'Alice', email: 'alice@example.com', passwordHash: '$2b$04$new-hash' });
    expect(sessions.create).toHaveBeenCalledWith(txEm, user, client);
    expect(refreshTokens.issue).toHaveBeenCalledWith(txEm, session);
    expect(tokens.issueAccessToken).toHaveBeenCalledWith(user.id, session.id);
    expect(backoff.claimAttempt).not.toHaveBeenCalled();
    expect(backoff.recordSuccess).not.toHaveBeenCalled();
  });

  it('creates the verification token in the transaction and mails it to the new address only after the commit', async () => {
    let sentBeforeCommit: boolean | undefined;
    em.transactional.mockImplementation(async (work) => {
      const result = await work(txEm as unknown as EntityManager);
      sentBeforeCommit = verification.send.mock.calls.length > 0;
      return result;
    });

    await expect(auth.signup(input, client)).resolves.toMatchObject({ sessionId: session.id });
    expect(verification.create.mock.calls).toEqual([[txEm, user]]);
    expect(sentBeforeCommit).toBe(false);
    expect(verification.send.mock.calls).toEqual([[user.email, 'verify-token']]);
  });

  it('records SIGNUP for the new user and session after the transaction', async () => {
    await expect(auth.signup(input, client)).resolves.toMatchObject({ sessionId: session.id });
    expect(audit.record.mock.calls).toEqual([[{ type: AuthEventType.SIGNUP, userId: user.id, sessionId: session.id, client }]]);
    expect(em.transactional.mock.invocationCallOrder[0]).toBeLessThan(audit.record.mock.invocationCallOrder[0]);
  });

  it('checks the password against the policy, with the input as its owner, before hashing', async () => {
    await expect(auth.signup(input, client)).resolves.toMatchObject({ refreshToken: 'refresh-0' });
    expect(policy.assertAcceptable).toHaveBeenCalledTimes(1);
    expect(policy.assertAcceptable).toHaveBeenCalledWith(input.password, input);
    expect(policy.assertAcceptable.mock.invocationCallOrder[0]).toBeLessThan(passwords.hash.mock.invocationCallOrder[0]);
  });

  it('hashes and stores nothing when the policy refuses the password', async () => {
    const refused = new InvalidInputError([{ field: 'password', messages: ['password is one of the most common passwords'] }]);
    policy.assertAcceptable.mockImplementation(() => {
      throw refused;
    });

    await expect(auth.signup(input, client)).rejects.toBe(refused);
    expect(passwords.hash).not.toHaveBeenCalled();
    expect(em.transactional).not.toHaveBeenCalled();
    expect(users.create).not.toHaveBeenCalled();
  });

  it('throws EmailTakenError without hashing when the email is taken', async () => {
    users.emailTaken.mockResolvedValue(true);

    await expect(auth.signup(input, client)).rejects.toBeInstanceOf(EmailTakenError);
    expect(users.emailTaken).toHaveBeenCalledWith(input.email);
    expect(passwords.hash).not.toHaveBeenCalled();
    expect(em.transactional).not.toHaveBeenCalled();
  });

  it('maps a unique violation from the transaction (a lost race) to EmailTakenError', async () => {
    em.transactional.mockRejectedValue(new UniqueConstraintViolationException(new Error('duplicate key')));

    await expect(auth.signup(input, client)).rejects.toBeInstanceOf(EmailTakenError);
    expect(tokens.issueAccessToken).not.toHaveBeenCalled();
    expect(verification.send).not.toHaveBeenCalled();
    expect(audit.record).not.toHaveBeenCalled();
  });

  it('lets any other error through unchanged', async () => {
    const failure = new Error('connection reset');
    em.transactional.mockRejectedValue(failure);

    await expect(auth.signup(input, client)).rejects.toBe(failure);
    expect(verification.send).not.toHaveBeenCalled();
  });

  // A token created but never committed must not be mailed: the link would lead nowhere.
  it('mails nothing when the transaction fails after the token was created', async () => {
    const failure = new Error('connection reset');
    refreshTokens.issue.mockImplementation(() => {
      throw failure;
    });

    await expect(auth.signup(input, client)).rejects.toBe(failure);
    expect(verification.create).toHaveBeenCalledTimes(1);
    expect(verification.send).not.toHaveBeenCalled();
    expect(audit.record).not.toHaveBeenCalled();
  });
});
