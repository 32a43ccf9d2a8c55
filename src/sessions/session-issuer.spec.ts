import type { EntityManager } from '@mikro-orm/postgresql';
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
import { UnauthenticatedError } from '../common/errors';
import type { Rotation } from './refresh/refresh-tokens.service';
import { AuthMethod } from './auth-method';
import { Session } from './session.entity';
import { SessionIssuer } from './session-issuer';

const user = alice();
const session = sessionOf(user);
const rejected: Record<'reused' | 'invalid', Rotation> = {
  reused: { outcome: 'reused', sessionId: session.id, userId: user.id },
  invalid: { outcome: 'invalid' },
};

/** SessionIssuer: starting a session (login, signup), refreshing it, and restarting it after a password change. */
describe('SessionIssuer', () => {
  let issuer: SessionIssuer;
  const fakes = authFakes();
  const { txEm, sessions, refreshTokens, tokens, audit } = fakes;
  const em = txEm as unknown as EntityManager;

  beforeEach(async () => {
    issuer = await compileOver(SessionIssuer, fakes);
  });

  it("start adds the session and its first refresh token to the caller's manager, and answers the tokens", () => {
    sessions.create.mockReturnValue(session);
    refreshTokens.issue.mockReturnValue('refresh-0');

    expect(issuer.start(em, user, client)).toEqual({
      sessionId: session.id,
      ...issued,
      refreshToken: 'refresh-0',
      refreshTokenExpiresAt,
      user,
    });
    expect(sessions.create.mock.calls).toEqual([[txEm, user, client, [AuthMethod.PASSWORD]]]);
    expect(refreshTokens.issue.mock.calls).toEqual([[txEm, session]]);
    expect(tokens.issueAccessToken.mock.calls).toEqual([[user.id, session.id, ['pwd']]]);
    expect(sessions.expiryOf).toHaveBeenCalledWith(session);
    // Nothing is written (or announced) here: the caller's transaction commits it.
    expect(sessions.changed).not.toHaveBeenCalled();
    expect(audit.record).not.toHaveBeenCalled();
  });

  describe('refresh', () => {
    it.each<['reused' | 'invalid', RegExp]>([
      ['reused', /already used/],
      ['invalid', /Invalid or expired/],
    ])('maps outcome %p to UnauthenticatedError %p', async (outcome, message) => {
      refreshTokens.rotate.mockResolvedValue(rejected[outcome]);

      const result = issuer.refresh('spent-token');
      await expect(result).rejects.toBeInstanceOf(UnauthenticatedError);
      await expect(result).rejects.toThrow(message);
      expect(refreshTokens.rotate).toHaveBeenCalledWith('spent-token');
      expect(tokens.issueAccessToken).not.toHaveBeenCalled();
    });

    it('records REFRESH_REUSE_DETECTED for the ended session and its owner before rejecting', async () => {
      refreshTokens.rotate.mockResolvedValue(rejected.reused);
      let recorded = false;
      audit.record.mockImplementation(async () => {
        await new Promise((resolve) => setImmediate(resolve));
        recorded = true;
      });

      await expect(issuer.refresh('spent-token', client)).rejects.toThrow(/already used/);
      expect(recorded).toBe(true);
      // The rotation ended the session in the database; this instance's cache forgets the user's sessions at once.
      expect(sessions.changed.mock.calls).toEqual([[user.id]]);
      expect(audit.record.mock.calls).toEqual([
        [{ type: AuthEventType.REFRESH_REUSE_DETECTED, userId: user.id, sessionId: session.id, client }],
      ]);
    });

    it('records nothing and forgets nothing for an invalid token', async () => {
      refreshTokens.rotate.mockResolvedValue(rejected.invalid);

      await expect(issuer.refresh('unknown-token', client)).rejects.toBeInstanceOf(UnauthenticatedError);
      expect(audit.record).not.toHaveBeenCalled();
      expect(sessions.changed).not.toHaveBeenCalled();
    });

    it('signs the session in again with the successor token when rotated', async () => {
      refreshTokens.rotate.mockResolvedValue({ outcome: 'rotated', session, refreshToken: 'refresh-1' });

      await expect(issuer.refresh('refresh-0')).resolves.toEqual(signedIn(session, 'refresh-1'));
      expect(tokens.issueAccessToken).toHaveBeenCalledWith(user.id, session.id, ['pwd']);
      expect(sessions.expiryOf).toHaveBeenCalledWith(session);
      expect(audit.record).not.toHaveBeenCalled();
    });
  });

  describe('keepOnly', () => {
    const seenBefore = new Date('2026-01-01T00:00:00Z');

    beforeEach(() => {
      session.lastSeenAt = seenBefore;
      sessions.end.mockResolvedValue(2);
      txEm.findOneOrFail.mockResolvedValue(session);
      refreshTokens.forget.mockResolvedValue(1);
      refreshTokens.issue.mockReturnValue('refresh-restarted');
    });

    it("ends the user's other sessions and restarts this one's refresh chain, in the caller's manager", async () => {
      await expect(issuer.keepOnly(em, user.id, session.id)).resolves.toEqual(signedIn(session, 'refresh-restarted'));
      expect(sessions.end.mock.calls).toEqual([[user.id, { except: session.id }, txEm]]);
      // Only the user's own session, with its user loaded for the payload.
      const own = { id: session.id, user: user.id };
      expect(txEm.findOneOrFail.mock.calls).toEqual([[Session, own, { populate: ['user'] }]]);
      expect(refreshTokens.forget.mock.calls).toEqual([[txEm, session]]);
      expect(refreshTokens.issue.mock.calls).toEqual([[txEm, session]]);
      expect(tokens.issueAccessToken).toHaveBeenCalledWith(user.id, session.id, ['pwd']);
    });

    it('forgets the old chain before issuing the new one, and marks the session as just used', async () => {
      await issuer.keepOnly(em, user.id, session.id);
      expect(firstCallOf(refreshTokens.forget)).toBeLessThan(firstCallOf(refreshTokens.issue));
      expect(firstCallOf(sessions.end)).toBeLessThan(firstCallOf(refreshTokens.forget));
      expect(session.lastSeenAt.getTime()).toBeGreaterThan(seenBefore.getTime());
      // Nothing has committed yet: announcing the change is the caller's, after its transaction.
      expect(sessions.changed).not.toHaveBeenCalled();
    });
  });
});
