import {
  alice,
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
import { EmailNotVerifiedError, UnauthenticatedError } from '../common/errors';
import { INVALID_CREDENTIALS } from '../passwords';
import type { SessionSelection } from '../sessions';
import type { User } from '../users';
import { LogoutScope } from './dto/logout-scope.enum';
import { LoginService } from './login.service';

const user = alice({ passwordHash: '$2b$04$stored' });
const verified = alice({ passwordHash: '$2b$04$stored', emailVerifiedAt: new Date('2026-01-01T00:00:00Z') });
const session = sessionOf(user);

/** LoginService: signing in (the password already checked by LocalStrategy), refreshing, signing out. */
describe('LoginService', () => {
  let service: LoginService;
  const fakes = authFakes();
  const { em, txEm, users, issuer, sessions, audit, verification } = fakes;

  describe('login', () => {
    beforeEach(async () => {
      service = await compileOver(LoginService, fakes);
      issuer.start.mockImplementation((_, owner) => signedIn(owner === user ? session : sessionOf(owner), 'refresh-0'));
      verification.request.mockResolvedValue(true);
    });

    it('starts a session with a refresh token inside a transaction, then records LOGIN_SUCCEEDED', async () => {
      await expect(service.login(user, client)).resolves.toEqual(signedIn(session, 'refresh-0'));
      expect(em.transactional).toHaveBeenCalledTimes(1);
      expect(issuer.start.mock.calls).toEqual([[txEm, user, client]]);
      const succeeded = { type: AuthEventType.LOGIN_SUCCEEDED, userId: user.id, sessionId: session.id, client };
      expect(audit.record.mock.calls).toEqual([[succeeded]]);
      expect(firstCallOf(em.transactional)).toBeLessThan(firstCallOf(audit.record));
      // Checked (and the row locked) in the session's own transaction, against the hash that was verified.
      expect(users.passwordStillIs.mock.calls).toEqual([[txEm, user.id, user.passwordHash]]);
      expect(firstCallOf(users.passwordStillIs)).toBeLessThan(firstCallOf(issuer.start));
    });

    it('refuses, starting no session, if the password changed since it was checked (a reset came between)', async () => {
      users.passwordStillIs.mockResolvedValue(false);

      const result = service.login(user, client);
      await expect(result).rejects.toBeInstanceOf(UnauthenticatedError);
      await expect(result).rejects.toThrow(INVALID_CREDENTIALS);
      expect(issuer.start).not.toHaveBeenCalled();
      expect(audit.record).not.toHaveBeenCalled();
    });

    it('if verification is required, refuses an unverified account after asking for a link (1 per 15 min)', async () => {
      verification.required = true;

      await expect(service.login(user, client)).rejects.toBeInstanceOf(EmailNotVerifiedError);
      expect(verification.request.mock.calls).toEqual([[user, client, 15 * 60]]);
      expect(em.transactional).not.toHaveBeenCalled();
      expect(issuer.start).not.toHaveBeenCalled();
      expect(audit.record).not.toHaveBeenCalled();
    });

    it('when verification is required, lets the refusal wait for the request, and passes on its failure', async () => {
      verification.required = true;
      const failure = new Error('database unavailable');
      verification.request.mockRejectedValue(failure);

      await expect(service.login(user, client)).rejects.toBe(failure);
      expect(em.transactional).not.toHaveBeenCalled();
    });

    it.each<[string, boolean, User]>([
      ['a verified account when required', true, verified],
      ['an unverified account when not required', false, user],
    ])('signs in %s without sending anything', async (_case, required, owner) => {
      verification.required = required;

      const payload = { ...issued, sessionId: expect.any(String), refreshToken: 'refresh-0', refreshTokenExpiresAt };
      await expect(service.login(owner, client)).resolves.toEqual({ ...payload, user: owner });
      expect(verification.request).not.toHaveBeenCalled();
      const succeeded = { type: AuthEventType.LOGIN_SUCCEEDED, userId: owner.id };
      expect(audit.record).toHaveBeenCalledWith(expect.objectContaining(succeeded));
    });
  });

  /** Someone already signed in. Refresh is the issuer's (session-issuer.spec.ts); LoginService only hands it over. */
  describe('refresh and logout', () => {
    beforeEach(async () => {
      // Neither starts a session nor checks a password: these empty fakes only satisfy the constructor.
      service = await compileOver(LoginService, fakes, { unused: ['em', 'users', 'verification'] });
      sessions.end.mockResolvedValue(1);
    });

    it('answers what the issuer answers for the token and the client', async () => {
      issuer.refresh.mockResolvedValue(signedIn(session, 'refresh-1'));

      await expect(service.refresh('refresh-0', client)).resolves.toEqual(signedIn(session, 'refresh-1'));
      expect(issuer.refresh.mock.calls).toEqual([['refresh-0', client]]);
    });

    it("passes the issuer's refusal on unchanged", async () => {
      const refused = new UnauthenticatedError('Refresh token was already used: the session has been ended');
      issuer.refresh.mockRejectedValue(refused);

      await expect(service.refresh('spent-token')).rejects.toBe(refused);
      expect(audit.record).not.toHaveBeenCalled();
    });

    it.each<[LogoutScope, SessionSelection]>([
      [LogoutScope.CURRENT, { only: session.id }],
      [LogoutScope.OTHERS, { except: session.id }],
      [LogoutScope.ALL, {}],
    ])('logout(%s) ends %p of that user, then records LOGOUT', async (scope, which) => {
      let recorded = false;
      audit.record.mockImplementation(async () => {
        await new Promise((resolve) => setImmediate(resolve));
        recorded = true;
      });

      await expect(service.logout(user, session.id, scope, client)).resolves.toBe(true);
      expect(recorded).toBe(true);
      expect(sessions.end).toHaveBeenCalledTimes(1);
      // end's second parameter defaults to {}, so ALL may pass it or leave it out.
      const [userId, given = {}] = sessions.end.mock.calls[0];
      expect(userId).toBe(user.id);
      expect(given).toEqual(which);
      const loggedOut = { type: AuthEventType.LOGOUT, userId: user.id, sessionId: session.id, detail: scope, client };
      expect(audit.record.mock.calls).toEqual([[loggedOut]]);
      expect(firstCallOf(sessions.end)).toBeLessThan(firstCallOf(audit.record));
    });
  });
});
