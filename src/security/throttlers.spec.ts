import type { ThrottlerGetTrackerFunction, ThrottlerOptions } from '@nestjs/throttler';
import type { SecurityConfig } from '../config';
import { testSecurityConfig } from '../config/config.fixture';
import { throttlers } from './throttlers';
import { gqlContext, httpContext, noViewer, type Req } from './throttlers.fixture';

// The refresh cookie matters only to the refresh tracker (throttlers.refresh.spec.ts), the viewer
// only to the mail-email tracker (throttlers.mail.spec.ts).
const limits = (overrides: Partial<SecurityConfig> = {}) => throttlers(testSecurityConfig(overrides), 'doorman_refresh', noViewer);

const named = (name: string): ThrottlerOptions => {
  const found = limits().find((throttler) => throttler.name === name);
  if (!found) throw new Error(`no throttler named ${name}`);
  return found;
};

const trackerOf = (name: string): ThrottlerGetTrackerFunction => {
  const { getTracker } = named(name);
  if (!getTracker) throw new Error(`${name} has no tracker`);
  return getTracker;
};

const NAMES = ['login-email', 'password-ip', 'signup-ip', 'refresh-session', 'mail-email', 'mail-ip'];
const FIELDS = [
  'login',
  'signup',
  'refreshToken',
  'changePassword',
  'deleteAccount',
  'requestPasswordReset',
  'resetPassword',
  'requestEmailVerification',
  'verifyEmail',
  'logout',
  'me',
];

describe('throttlers', () => {
  // testSecurityConfig()'s limits: distinct numbers, so a limit read from the wrong entry shows.
  it.each([
    ['login-email', 11, 61_000],
    ['password-ip', 32, 62_000],
    ['signup-ip', 5, 3_600_000],
    ['refresh-session', 64, 64_000],
    ['mail-email', 6, 3_660_000],
    ['mail-ip', 21, 3_720_000],
  ])('%s takes limit %p and ttl %p ms from the config', (name, limit, ttl) => {
    expect(named(name)).toMatchObject({ limit, ttl });
  });

  it('names exactly these six', () => {
    expect(limits().map((throttler) => throttler.name)).toEqual(NAMES);
  });

  it.each([
    ['login-email', ['login']],
    // Every credential check: login, the re-checks of changePassword and deleteAccount, and spending an emailed token.
    ['password-ip', ['login', 'changePassword', 'deleteAccount', 'resetPassword', 'verifyEmail']],
    ['signup-ip', ['signup']],
    ['refresh-session', ['refreshToken']],
    // Only the requests that send mail; following a link sends none.
    ['mail-email', ['requestPasswordReset', 'requestEmailVerification']],
    ['mail-ip', ['requestPasswordReset', 'requestEmailVerification']],
  ])('%s counts only the fields %p', (name, own) => {
    const { skipIf } = named(name);

    const counted = FIELDS.filter((field) => skipIf?.(gqlContext(field)) === false);
    expect(counted).toEqual(own);
  });

  // A named throttler's skipIf replaces the module-wide one, so each must honour the switch itself.
  it('with RATE_LIMIT_ENABLED=false every throttler skips every field, its own included', () => {
    const off = limits({ rateLimitEnabled: false });

    expect(off).toHaveLength(NAMES.length);
    expect(off.flatMap(({ skipIf }) => FIELDS.map((field) => skipIf?.(gqlContext(field))))).toEqual(Array(NAMES.length * FIELDS.length).fill(true));
  });

  it('every throttler skips a plain HTTP request', () => {
    expect(limits().map(({ skipIf }) => skipIf?.(httpContext()))).toEqual(NAMES.map(() => true));
  });

  it('login-email tracks the trimmed, lower-cased email of the login input', async () => {
    const context = gqlContext('login', { input: { email: '  A@B.com ', password: 'pw' } });

    await expect(Promise.resolve(trackerOf('login-email')({ ip: '203.0.113.7' }, context))).resolves.toBe('email:a@b.com');
  });

  it('login-email also reads a top-level email argument, normalised', async () => {
    const context = gqlContext('requestPasswordReset', { email: ' Bob@Example.COM' });

    await expect(Promise.resolve(trackerOf('login-email')({ ip: '203.0.113.7' }, context))).resolves.toBe('email:bob@example.com');
  });

  it.each(['password-ip', 'signup-ip', 'mail-ip'])('%s tracks req.ip', async (name) => {
    const req: Req = { ip: '203.0.113.7' };

    await expect(Promise.resolve(trackerOf(name)(req, gqlContext('login', {}, req)))).resolves.toBe('ip:203.0.113.7');
  });

  // One host is handed a whole /64; counting each address would let it rotate past any limit.
  it.each(['password-ip', 'signup-ip', 'mail-ip'])('%s counts IPv6 addresses per /64', async (name) => {
    const trackerAt = (ip: string) => Promise.resolve(trackerOf(name)({ ip }, gqlContext('login', {}, { ip })));

    const first = await trackerAt('2001:db8:1:2:3:4:5:6');
    await expect(trackerAt('2001:db8:1:2:ffff::1')).resolves.toBe(first);
    await expect(trackerAt('2001:db8:1:3::1')).resolves.not.toBe(first);
  });
});
