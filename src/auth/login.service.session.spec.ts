import { alice, authFakes, client, compileOver, firstCallOf, sessionOf, signedIn } from '../../test/unit/auth.fixture';
import { AuthEventType } from '../audit';
import { UnauthenticatedError } from '../common/errors';
import type { SessionSelection } from '../sessions';
import { LogoutScope } from './dto/logout-scope.enum';
import { LoginService } from './login.service';

const user = alice({ passwordHash: '$2b$04$stored' });
const session = sessionOf(user);

/**
 * LoginService for someone already signed in: refreshing and signing out. Signing in: login.service.spec.ts.
 * Refresh is the issuer's (session-issuer.spec.ts); LoginService only hands it over.
 */
describe('LoginService refresh and logout', () => {
  let service: LoginService;
  const fakes = authFakes();
  const { issuer, sessions, audit } = fakes;

  beforeEach(async () => {
    // Neither starts a session nor checks a password: these empty fakes only satisfy the constructor.
    service = await compileOver(LoginService, fakes, { unused: ['em', 'passwords', 'verification'] });
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
