import { Controller, type ExecutionContext, Post } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type ThrottlerGetTrackerFunction, type ThrottlerOptions, ThrottlerStorageService } from '@nestjs/throttler';
import { gqlContext, httpContext, noViewer, type Req, ROOT_FIELDS } from '../../test/unit/throttlers.fixture';
import type { SecurityConfig } from '../config';
import { testSecurityConfig } from '../../test/unit/config.fixture';
import { GqlThrottlerGuard } from './gql-throttler.guard';
import { Limit, RateLimit } from './rate-limit.decorators';
import { throttlers } from './throttlers';
import { CREDENTIAL_MUTATIONS } from '../../test/unit/credential-mutations';

// The refresh cookie matters only to the refresh tracker (throttlers.refresh.spec.ts), the viewer
// only to the mail-email tracker (throttlers.mail.spec.ts).
const limits = (overrides: Partial<SecurityConfig> = {}) =>
  throttlers(testSecurityConfig(overrides), 'doorman_refresh', noViewer);

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

/** The throttlers that count a request: those whose skipIf says no. */
const countedBy = (context: ExecutionContext) =>
  limits().flatMap(({ name, skipIf }) => (skipIf?.(context) === false ? [name] : []));

const NAMES = [
  'login-email',
  'password-ip',
  'signup-ip',
  'refresh-session',
  'refresh-ip',
  'mail-email',
  'mail-ip',
  'provider-ip',
];
// Every root field of the real resolvers; the contexts below carry each one's real, decorated method.
const FIELDS = [
  ...CREDENTIAL_MUTATIONS,
  'logout',
  'viewer',
  'updateProfile',
  'sessions',
  'revokeSession',
  'securityEvents',
  'passkeys',
  'renamePasskey',
];
/** A controller route that declares a limit: HTTP handlers carry the same metadata as resolvers. */
@Controller('probe')
class LimitedController {
  @RateLimit(Limit.MAIL_PER_IP)
  @Post()
  send(): void {}
}

describe('throttlers', () => {
  // testSecurityConfig()'s limits: distinct numbers, so a limit read from the wrong entry shows.
  it.each([
    ['login-email', 11, 61_000],
    ['password-ip', 32, 62_000],
    ['signup-ip', 5, 3_600_000],
    ['refresh-session', 64, 64_000],
    ['refresh-ip', 65, 65_000],
    ['mail-email', 6, 3_660_000],
    ['mail-ip', 21, 3_720_000],
    ['provider-ip', 31, 60_000],
  ])('%s takes limit %p and ttl %p ms from the config', (name, limit, ttl) => {
    expect(named(name)).toMatchObject({ limit, ttl });
  });

  it('names exactly these eight', () => {
    expect(limits().map((throttler) => throttler.name)).toEqual(NAMES);
  });

  // A field added to a resolver must be added here too, and so be judged by the tables below.
  it('judges every root field of the real resolvers', () => {
    expect([...ROOT_FIELDS.keys()].sort()).toEqual([...FIELDS].sort());
  });

  it.each([
    ['login-email', ['login']],
    // Every credential check: login, the re-checks of changePassword and deleteAccount, and spending an emailed token.
    [
      'password-ip',
      [
        'login',
        'changePassword',
        'deleteAccount',
        'resetPassword',
        'verifyEmail',
        'startTwoFactorSetup',
        'confirmTwoFactorSetup',
        'disableTwoFactor',
        'regenerateRecoveryCodes',
        'verifyTwoFactor',
        'reauthenticate',
        'startPasskeyRegistration',
        'finishPasskeyRegistration',
        'removePasskey',
        'startPasskeyLogin',
        'finishPasskeyLogin',
      ],
    ],
    ['signup-ip', ['signup']],
    ['refresh-session', ['refreshToken']],
    ['refresh-ip', ['refreshToken']],
    // Only the requests that send mail; following a link sends none.
    ['mail-email', ['requestPasswordReset', 'requestEmailVerification']],
    ['mail-ip', ['requestPasswordReset', 'requestEmailVerification']],
    // No GraphQL field: the identity-provider routes (start and callback) only.
    ['provider-ip', []],
  ])('%s counts only the fields %p', (name, own) => {
    const { skipIf } = named(name);

    const counted = FIELDS.filter((field) => skipIf?.(gqlContext(field)) === false);
    expect(counted).toEqual(own);
  });

  it.each([
    ['login', ['login-email', 'password-ip']],
    ['signup', ['signup-ip']],
    ['refreshToken', ['refresh-session', 'refresh-ip']],
    ['changePassword', ['password-ip']],
    ['deleteAccount', ['password-ip']],
    ['resetPassword', ['password-ip']],
    ['verifyEmail', ['password-ip']],
    ['verifyTwoFactor', ['password-ip']],
    ['reauthenticate', ['password-ip']],
    ['confirmTwoFactorSetup', ['password-ip']],
    ['startPasskeyLogin', ['password-ip']],
    ['finishPasskeyLogin', ['password-ip']],
    ['removePasskey', ['password-ip']],
    ['renamePasskey', []],
    ['passkeys', []],
    ['requestPasswordReset', ['mail-email', 'mail-ip']],
    ['requestEmailVerification', ['mail-email', 'mail-ip']],
    ['logout', []],
    ['viewer', []],
    ['updateProfile', []],
    ['sessions', []],
    ['revokeSession', []],
    ['securityEvents', []],
  ])('%s is counted by %p', (field, expected) => {
    expect(countedBy(gqlContext(field))).toEqual(expected);
  });

  // A named throttler's skipIf replaces the module-wide one, so each must honour the switch itself.
  it('with RATE_LIMIT_ENABLED=false every throttler skips every field, its own included', () => {
    const off = limits({ rateLimitEnabled: false });

    expect(off).toHaveLength(NAMES.length);
    const skips = off.flatMap(({ skipIf }) => FIELDS.map((field) => skipIf?.(gqlContext(field))));
    expect(skips).toEqual(Array(NAMES.length * FIELDS.length).fill(true));
  });

  it('every throttler skips a plain HTTP request that declares no limit (the health probe)', () => {
    expect(limits().map(({ skipIf }) => skipIf?.(httpContext()))).toEqual(NAMES.map(() => true));
  });

  it('counts an HTTP route against the limits its method declares, and only those', () => {
    expect(countedBy(httpContext(LimitedController, LimitedController.prototype.send))).toEqual(['mail-ip']);
  });

  describe('GqlThrottlerGuard', () => {
    class ExposedGuard extends GqlThrottlerGuard {
      skips(context: ExecutionContext): Promise<boolean> {
        return this.shouldSkip(context);
      }
    }
    const guard = new ExposedGuard({ throttlers: limits() }, new ThrottlerStorageService(), new Reflector());

    // Skipping is decided by what the method declares, before any throttler or storage is asked.
    it('skips exactly the operations that declare no limit', async () => {
      const skips = await Promise.all(FIELDS.map((field) => guard.skips(gqlContext(field))));

      const skipped = FIELDS.filter((_field, index) => skips[index]);
      expect(skipped).toEqual([
        'logout',
        'viewer',
        'updateProfile',
        'sessions',
        'revokeSession',
        'securityEvents',
        'passkeys',
        'renamePasskey',
      ]);
      await expect(guard.skips(httpContext())).resolves.toBe(true);
      await expect(guard.skips(httpContext(LimitedController, LimitedController.prototype.send))).resolves.toBe(false);
    });
  });

  it('login-email tracks the trimmed, lower-cased email of the login input', async () => {
    const context = gqlContext('login', { input: { email: '  A@B.com ', password: 'pw' } });

    await expect(Promise.resolve(trackerOf('login-email')({ ip: '203.0.113.7' }, context))).resolves.toBe(
      'email:a@b.com',
    );
  });

  it('login-email also reads a top-level email argument, normalised', async () => {
    const context = gqlContext('requestPasswordReset', { email: ' Bob@Example.COM' });

    const tracked = Promise.resolve(trackerOf('login-email')({ ip: '203.0.113.7' }, context));
    await expect(tracked).resolves.toBe('email:bob@example.com');
  });

  it.each(['password-ip', 'signup-ip', 'refresh-ip', 'mail-ip', 'provider-ip'])('%s tracks req.ip', async (name) => {
    const req: Req = { ip: '203.0.113.7' };

    await expect(Promise.resolve(trackerOf(name)(req, gqlContext('login', {}, req)))).resolves.toBe('ip:203.0.113.7');
  });

  // One host is handed a whole /64; counting each address would let it rotate past any limit.
  it.each(['password-ip', 'signup-ip', 'refresh-ip', 'mail-ip', 'provider-ip'])(
    '%s counts IPv6 addresses per /64',
    async (name) => {
      const trackerAt = (ip: string) => Promise.resolve(trackerOf(name)({ ip }, gqlContext('login', {}, { ip })));

      const first = await trackerAt('2001:db8:1:2:3:4:5:6');
      await expect(trackerAt('2001:db8:1:2:ffff::1')).resolves.toBe(first);
      await expect(trackerAt('2001:db8:1:3::1')).resolves.not.toBe(first);
    },
  );
});
