import type { ThrottlerGetTrackerFunction, ThrottlerOptions } from '@nestjs/throttler';
import type { SecurityConfig } from '../config';
import { testSecurityConfig } from '../config/config.fixture';
import { throttlers } from './throttlers';
import { gqlContext, httpContext, type Req } from './throttlers.fixture';

// The refresh cookie's name matters only to the refresh tracker: throttlers.refresh.spec.ts.
const limits = (overrides: Partial<SecurityConfig> = {}) => throttlers(testSecurityConfig(overrides), 'doorman_refresh');

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

const FIELDS = ['login', 'signup', 'refreshToken', 'changePassword', 'deleteAccount', 'logout', 'me'];

describe('throttlers', () => {
  // testSecurityConfig()'s limits: distinct numbers, so a limit read from the wrong entry shows.
  it.each([
    ['login-email', 11, 61_000],
    ['password-ip', 32, 62_000],
    ['signup-ip', 5, 3_600_000],
    ['refresh-session', 64, 64_000],
  ])('%s takes limit %p and ttl %p ms from the config', (name, limit, ttl) => {
    expect(named(name)).toMatchObject({ limit, ttl });
  });

  it('names exactly these four', () => {
    expect(limits().map((throttler) => throttler.name)).toEqual(['login-email', 'password-ip', 'signup-ip', 'refresh-session']);
  });

  it.each([
    ['login-email', ['login']],
    // Every password check: login, and the re-checks of changePassword and deleteAccount.
    ['password-ip', ['login', 'changePassword', 'deleteAccount']],
    ['signup-ip', ['signup']],
    ['refresh-session', ['refreshToken']],
  ])('%s counts only the fields %p', (name, own) => {
    const { skipIf } = named(name);

    const counted = FIELDS.filter((field) => skipIf?.(gqlContext(field)) === false);
    expect(counted).toEqual(own);
  });

  // A named throttler's skipIf replaces the module-wide one, so each must honour the switch itself.
  it('with RATE_LIMIT_ENABLED=false every throttler skips every field, its own included', () => {
    const off = limits({ rateLimitEnabled: false });

    expect(off.flatMap(({ skipIf }) => FIELDS.map((field) => skipIf?.(gqlContext(field))))).toEqual(Array(4 * FIELDS.length).fill(true));
  });

  it('every throttler skips a plain HTTP request', () => {
    expect(limits().map(({ skipIf }) => skipIf?.(httpContext()))).toEqual([true, true, true, true]);
  });

  it('login-email tracks the trimmed, lower-cased email of the login input', async () => {
    const context = gqlContext('login', { input: { email: '  A@B.com ', password: 'pw' } });

    await expect(Promise.resolve(trackerOf('login-email')({ ip: '203.0.113.7' }, context))).resolves.toBe('email:a@b.com');
  });

  it.each(['password-ip', 'signup-ip'])('%s tracks req.ip', async (name) => {
    const req: Req = { ip: '203.0.113.7' };

    await expect(Promise.resolve(trackerOf(name)(req, gqlContext('login', {}, req)))).resolves.toBe('ip:203.0.113.7');
  });

  // One host is handed a whole /64; counting each address would let it rotate past any limit.
  it.each(['password-ip', 'signup-ip'])('%s counts IPv6 addresses per /64', async (name) => {
    const trackerAt = (ip: string) => Promise.resolve(trackerOf(name)({ ip }, gqlContext('login', {}, { ip })));

    const first = await trackerAt('2001:db8:1:2:3:4:5:6');
    await expect(trackerAt('2001:db8:1:2:ffff::1')).resolves.toBe(first);
    await expect(trackerAt('2001:db8:1:3::1')).resolves.not.toBe(first);
  });
});
