import { type EntityManager, RequestContext } from '@mikro-orm/core';
import type { ThrottlerGetTrackerFunction } from '@nestjs/throttler';
import { createHash } from 'node:crypto';
import { testSecurityConfig } from '../../test/unit/config.fixture';
import { throttlers } from './throttlers';
import { gqlContext, noViewer, type Req } from '../../test/unit/throttlers.fixture';

// Deliberately neither of cookieNames(): the tracker must read the name it is given, and only it.
const REFRESH_COOKIE = 'test_refresh';

const tracker: ThrottlerGetTrackerFunction = (() => {
  const found = throttlers(testSecurityConfig(), REFRESH_COOKIE, noViewer).find(
    (throttler) => throttler.name === 'refresh-session',
  )?.getTracker;
  if (!found) throw new Error('refresh-session has no tracker');
  return found;
})();

/** The refresh-session tracker: it follows the session of the token the resolver will spend. */
describe('refresh-session tracker', () => {
  const trackRefresh = (req: Req, token: string | null = null) =>
    Promise.resolve(tracker(req, gqlContext('refreshToken', { token }, req)));

  afterEach(() => jest.restoreAllMocks());

  it('falls back to the IP when no refresh token is given', async () => {
    await expect(trackRefresh({ ip: '203.0.113.9', cookies: {} })).resolves.toBe('ip:203.0.113.9');
  });

  // Outside a request context there is no EntityManager to look the session up with.
  it('falls back to the IP for a configured cookie when there is no request-context EntityManager', async () => {
    expect(RequestContext.getEntityManager()).toBeUndefined();

    await expect(trackRefresh({ ip: '203.0.113.9', cookies: { [REFRESH_COOKIE]: 'refresh-0' } })).resolves.toBe(
      'ip:203.0.113.9',
    );
  });

  describe('with a request-context EntityManager', () => {
    const execute = jest.fn<Promise<{ session_id: string }[]>, [string, unknown[]]>();
    const hashOf = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

    beforeEach(() => {
      execute.mockReset();
      execute.mockResolvedValue([{ session_id: 'session-1' }]);
      const em = { getConnection: () => ({ execute }) };
      jest.spyOn(RequestContext, 'getEntityManager').mockReturnValue(em as unknown as EntityManager);
    });

    it('follows the session of the token in the configured cookie', async () => {
      await expect(trackRefresh({ ip: '203.0.113.9', cookies: { [REFRESH_COOKIE]: 'refresh-0' } })).resolves.toBe(
        'session:session-1',
      );
      expect(execute).toHaveBeenCalledWith(expect.stringContaining('refresh_tokens'), [hashOf('refresh-0')]);
    });

    it('prefers the token argument to the cookie', async () => {
      await expect(
        trackRefresh({ ip: '203.0.113.9', cookies: { [REFRESH_COOKIE]: 'refresh-0' } }, 'refresh-arg'),
      ).resolves.toBe('session:session-1');
      expect(execute).toHaveBeenCalledWith(expect.any(String), [hashOf('refresh-arg')]);
    });

    it('ignores a refresh cookie under any other name', async () => {
      const req: Req = {
        ip: '203.0.113.9',
        cookies: { '__Secure-doorman_refresh': 'refresh-0', doorman_refresh: 'refresh-0' },
      };

      await expect(trackRefresh(req)).resolves.toBe('ip:203.0.113.9');
      expect(execute).not.toHaveBeenCalled();
    });

    it('falls back to the IP for a token that belongs to no session', async () => {
      execute.mockResolvedValue([]);

      await expect(trackRefresh({ ip: '203.0.113.9', cookies: { [REFRESH_COOKIE]: 'forged' } })).resolves.toBe(
        'ip:203.0.113.9',
      );
    });
  });
});
