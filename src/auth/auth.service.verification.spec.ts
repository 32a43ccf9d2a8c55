import { AuthEventType } from '../audit/auth-event.entity';
import { EmailNotVerifiedError } from '../common/errors';
import type { User } from '../users/user.entity';
import type { AuthService } from './auth.service';
import { alice, authFakes, client, compileAuthService, issued, refreshTokenExpiresAt, sessionOf } from './auth.service.fixture';
import type { SignupInput } from './dto/signup.input';

const input: SignupInput = { name: 'Alice', email: 'alice@example.com', password: 'correct horse battery' };
const unverified = alice({ passwordHash: '$2b$04$stored' });
const verified = alice({ passwordHash: '$2b$04$stored', emailVerifiedAt: new Date('2026-01-01T00:00:00Z') });

/** AuthService with REQUIRE_EMAIL_VERIFICATION: no session for an address nobody has confirmed. */
describe('AuthService with email verification', () => {
  let auth: AuthService;
  const fakes = authFakes();
  const { em, txEm, users, sessions, refreshTokens, passwords, tokens, audit, verification } = fakes;

  beforeEach(async () => {
    auth = await compileAuthService(fakes, { unused: ['emailTokens'] });
    verification.required = true;
    users.emailTaken.mockResolvedValue(false);
    users.create.mockReturnValue(unverified);
    passwords.hash.mockResolvedValue('$2b$04$new-hash');
    verification.create.mockReturnValue('verify-token');
    verification.send.mockReturnValue(undefined);
    verification.request.mockResolvedValue(true);
    refreshTokens.issue.mockReturnValue('refresh-0');
    sessions.create.mockImplementation((_em, user) => sessionOf(user));
  });

  describe('signup, when required', () => {
    it('creates the account and its token, mails the link, and starts no session', async () => {
      await expect(auth.signup(input, client)).rejects.toBeInstanceOf(EmailNotVerifiedError);
      expect(users.create).toHaveBeenCalledWith(txEm, { name: 'Alice', email: 'alice@example.com', passwordHash: '$2b$04$new-hash' });
      expect(verification.create.mock.calls).toEqual([[txEm, unverified]]);
      expect(verification.send.mock.calls).toEqual([[unverified.email, 'verify-token']]);
      expect(sessions.create).not.toHaveBeenCalled();
      expect(refreshTokens.issue).not.toHaveBeenCalled();
      expect(tokens.issueAccessToken).not.toHaveBeenCalled();
    });

    it('records SIGNUP for the account, with no session, before refusing', async () => {
      await expect(auth.signup(input, client)).rejects.toThrow(/follow the link/);
      expect(audit.record).toHaveBeenCalledTimes(1);
      const [[event]] = audit.record.mock.calls;
      expect(event).toMatchObject({ type: AuthEventType.SIGNUP, userId: unverified.id, client });
      expect(event.sessionId ?? null).toBeNull();
    });
  });

  describe('login', () => {
    it('when required, refuses an unverified account after asking for a fresh link (at most one every 15 minutes)', async () => {
      await expect(auth.login(unverified, client)).rejects.toBeInstanceOf(EmailNotVerifiedError);
      expect(verification.request.mock.calls).toEqual([[unverified, client, 15 * 60]]);
      expect(em.transactional).not.toHaveBeenCalled();
      expect(sessions.create).not.toHaveBeenCalled();
      expect(audit.record).not.toHaveBeenCalled();
    });

    it('when required, lets the refusal wait for the request, and passes on its failure', async () => {
      const failure = new Error('database unavailable');
      verification.request.mockRejectedValue(failure);

      await expect(auth.login(unverified, client)).rejects.toBe(failure);
      expect(em.transactional).not.toHaveBeenCalled();
    });

    it.each<[string, boolean, User]>([
      ['a verified account when required', true, verified],
      ['an unverified account when not required', false, unverified],
    ])('signs in %s without sending anything', async (_case, required, user) => {
      verification.required = required;

      const payload = { sessionId: expect.any(String), ...issued, refreshToken: 'refresh-0', refreshTokenExpiresAt, user };
      await expect(auth.login(user, client)).resolves.toEqual(payload);
      expect(verification.request).not.toHaveBeenCalled();
      expect(audit.record).toHaveBeenCalledWith(expect.objectContaining({ type: AuthEventType.LOGIN_SUCCEEDED, userId: user.id }));
    });
  });
});
