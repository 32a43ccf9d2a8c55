import { UnauthorizedException } from '@nestjs/common';
import { AuthEventType } from '../audit/auth-event.entity';
import type { AuthService } from './auth.service';
import { alice, authFakes, client, compileAuthService, issued, refreshTokenExpiresAt, sessionOf } from './auth.service.fixture';
import { LogoutScope } from './dto/logout-scope.enum';
import type { AuthPayloadModel } from './models/auth-payload.model';
import type { Rotation } from './refresh-tokens.service';

type Which = { only?: string; except?: string };

const user = alice();
const session = sessionOf(user);
const signedIn = (refreshToken: string): AuthPayloadModel & { sessionId: string } =>
  ({ sessionId: session.id, ...issued, refreshToken, refreshTokenExpiresAt, user });
const rejected: Record<'reused' | 'invalid', Rotation> = {
  reused: { outcome: 'reused', sessionId: session.id, userId: user.id },
  invalid: { outcome: 'invalid' },
};

/** AuthService for someone already signed in: refresh and logout. changePassword, deleteAccount: auth.service.reauth.spec.ts. */
describe('AuthService (signed-in account)', () => {
  let auth: AuthService;
  const fakes = authFakes();
  // Neither refresh nor logout checks a password, so neither may touch the backoff.
  const { sessions, refreshTokens, tokens, backoff, audit } = fakes;

  beforeEach(async () => {
    // Not used by refresh or logout; empty fakes only satisfy the constructor.
    auth = await compileAuthService(fakes, { unused: ['em', 'users', 'passwords', 'policy', 'verification', 'emailTokens'] });
    sessions.revoke.mockResolvedValue(1);
  });

  it.each<['reused' | 'invalid', RegExp]>([
    ['reused', /already used/],
    ['invalid', /Invalid or expired/],
  ])('refresh maps outcome %p to UnauthorizedException %p', async (outcome, message) => {
    refreshTokens.rotate.mockResolvedValue(rejected[outcome]);

    const result = auth.refresh('spent-token');
    await expect(result).rejects.toBeInstanceOf(UnauthorizedException);
    await expect(result).rejects.toThrow(message);
    expect(refreshTokens.rotate).toHaveBeenCalledWith('spent-token');
    expect(tokens.issueAccessToken).not.toHaveBeenCalled();
  });

  it('refresh records REFRESH_REUSE_DETECTED for the ended session and its owner before rejecting', async () => {
    refreshTokens.rotate.mockResolvedValue(rejected.reused);

    await expect(auth.refresh('spent-token', client)).rejects.toThrow(/already used/);
    expect(sessions.forgetUser.mock.calls).toEqual([[user.id]]);
    expect(audit.record.mock.calls).toEqual([[{ type: AuthEventType.REFRESH_REUSE_DETECTED, userId: user.id, sessionId: session.id, client }]]);
  });

  it('refresh records nothing for an invalid token', async () => {
    refreshTokens.rotate.mockResolvedValue(rejected.invalid);

    await expect(auth.refresh('unknown-token', client)).rejects.toBeInstanceOf(UnauthorizedException);
    expect(audit.record).not.toHaveBeenCalled();
  });

  it('refresh signs the session in again with the successor token when rotated', async () => {
    refreshTokens.rotate.mockResolvedValue({ outcome: 'rotated', session, refreshToken: 'refresh-1' });

    await expect(auth.refresh('refresh-0')).resolves.toEqual(signedIn('refresh-1'));
    expect(tokens.issueAccessToken).toHaveBeenCalledWith(user.id, session.id);
    expect(sessions.expiryOf).toHaveBeenCalledWith(session);
    expect(backoff.claimAttempt).not.toHaveBeenCalled();
    expect(audit.record).not.toHaveBeenCalled();
  });

  it.each<[LogoutScope, Which]>([
    [LogoutScope.CURRENT, { only: session.id }],
    [LogoutScope.OTHERS, { except: session.id }],
    [LogoutScope.ALL, {}],
  ])('logout(%s) revokes %p of that user', async (scope, which) => {
    await expect(auth.logout(user, session.id, scope, client)).resolves.toBe(true);
    expect(sessions.revoke).toHaveBeenCalledTimes(1);
    // revoke's second parameter defaults to {}, so ALL may pass it or leave it out.
    const [userId, given = {}] = sessions.revoke.mock.calls[0];
    expect(userId).toBe(user.id);
    expect(given).toEqual(which);
    expect(backoff.claimAttempt).not.toHaveBeenCalled();
    expect(audit.record.mock.calls).toEqual([[{ type: AuthEventType.LOGOUT, userId: user.id, sessionId: session.id, detail: scope, client }]]);
    expect(sessions.revoke.mock.invocationCallOrder[0]).toBeLessThan(audit.record.mock.invocationCallOrder[0]);
  });
});
