import type { ThrottlerGetTrackerFunction } from '@nestjs/throttler';
import { testSecurityConfig } from '../../test/unit/config.fixture';
import { throttlers, type ViewerOf } from './throttlers';
import { gqlContext, type Req } from '../../test/unit/throttlers.fixture';

const viewerOf = jest.fn<ReturnType<ViewerOf>, Parameters<ViewerOf>>();

const tracker: ThrottlerGetTrackerFunction = (() => {
  const found = throttlers(testSecurityConfig(), 'doorman_refresh', viewerOf).find(
    (throttler) => throttler.name === 'mail-email',
  )?.getTracker;
  if (!found) throw new Error('mail-email has no tracker');
  return found;
})();

const signedIn: Req = { ip: '203.0.113.9', headers: { authorization: 'Bearer some.access.token' } };

/** The mail-email tracker: the recipient of the mail, so nobody's inbox can be flooded. */
describe('mail-email tracker', () => {
  const track = (field: string, args: Record<string, unknown>, req: Req) =>
    Promise.resolve(tracker(req, gqlContext(field, args, req)));

  beforeEach(() => {
    viewerOf.mockReset();
    viewerOf.mockReturnValue('user-1');
  });

  it('tracks a reset by the trimmed, lower-cased email argument, whoever is signed in', async () => {
    await expect(track('requestPasswordReset', { email: '  Bob@Example.COM ' }, signedIn)).resolves.toBe(
      'email:bob@example.com',
    );
    expect(viewerOf).not.toHaveBeenCalled();
  });

  it('gives every spelling of one address the same count', async () => {
    const first = await track('requestPasswordReset', { email: 'bob@example.com' }, { ip: '203.0.113.1' });

    await expect(track('requestPasswordReset', { email: 'BOB@example.com ' }, { ip: '198.51.100.2' })).resolves.toBe(
      first,
    );
  });

  it("tracks a verification request (no email argument) by the viewer's account", async () => {
    await expect(track('requestEmailVerification', {}, signedIn)).resolves.toBe('user:user-1');
    expect(viewerOf).toHaveBeenCalledTimes(1);
    expect(viewerOf).toHaveBeenCalledWith(signedIn);
  });

  // The guard runs before the session check: a missing or invalid token must not share one bucket.
  it('falls back to the IP when the request carries no valid access token', async () => {
    viewerOf.mockReturnValue(null);

    await expect(track('requestEmailVerification', {}, { ip: '203.0.113.9' })).resolves.toBe('ip:203.0.113.9');
  });

  it('keeps an account id apart from an address spelled the same', async () => {
    viewerOf.mockReturnValue('bob@example.com');

    const byViewer = await track('requestEmailVerification', {}, signedIn);
    const byAddress = await track('requestPasswordReset', { email: 'bob@example.com' }, signedIn);
    expect(byViewer).not.toBe(byAddress);
  });
});
