/**
 * npm run screenshots — the README's pictures of the web client, taken with the browser tests' helper
 * (test/helpers/browser.ts) against the real app on a throwaway embedded database: the main pages at a
 * desktop width and at 375 px, and the playground, written to docs/screenshots/*.png. Needs Chromium
 * and a built client (npm run build:web). Not part of CI.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';

// As the tests run the app: cheap hashes, a fixed secret, a database in memory, rate limits out of the way.
Object.assign(process.env, {
  NODE_ENV: 'test',
  LOG_LEVEL: 'error',
  BCRYPT_ROUNDS: '4',
  JWT_SECRET: 'screenshots-secret-that-is-at-least-32-bytes',
  PGLITE_DIR: 'memory://',
  RATE_LIMIT_SIGNUP_PER_IP: '1000/1h',
});
delete process.env.DATABASE_URL;
delete process.env.REDIS_URL;

// Imported after the environment is set: the app reads it when it is built.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startWebApp } = require('../test/helpers/browser') as typeof import('../test/helpers/browser');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { totp } = require('../test/helpers/two-factor') as typeof import('../test/helpers/two-factor');

const OUT = join(__dirname, '..', 'docs', 'screenshots');
const ADA = { name: 'Ada Lovelace', email: 'ada@example.com', password: 'correct horse battery staple' };
const GRACE = { name: 'Grace Hopper', email: 'grace@example.com', password: 'cobol is a fine language' };
const SIZES = { desktop: { width: 1280, height: 800 }, mobile: { width: 375, height: 740 } } as const;
const PHONE_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';
const LAPTOP_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';

async function newPage(browser: Browser, url: string, size: keyof typeof SIZES, userAgent = LAPTOP_UA): Promise<Page> {
  const context = await browser.newContext({ baseURL: url, viewport: SIZES[size], userAgent });
  return context.newPage();
}

async function logIn(page: Page): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email', { exact: true }).fill(ADA.email);
  await page.getByLabel('Password', { exact: true }).fill(ADA.password);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await page.getByRole('heading', { name: `Hello, ${ADA.name}` }).waitFor();
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  const path = join(OUT, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  console.log(`wrote ${path}`);
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  // localhost: an IP address is no WebAuthn RP ID, and the passkey pages need one.
  const web = await startWebApp({}, { hostname: 'localhost' });
  try {
    // Ada signs up on her laptop, and logs in from her phone too: two sessions to show.
    const setup = await newPage(web.browser, web.url, 'desktop');
    await setup.goto('/signup');
    await setup.getByLabel('Name', { exact: true }).fill(ADA.name);
    await setup.getByLabel('Email', { exact: true }).fill(ADA.email);
    await setup.getByLabel('Password', { exact: true }).fill(ADA.password);
    await setup.getByRole('button', { name: 'Sign up' }).click();
    await setup.getByRole('heading', { name: `Hello, ${ADA.name}` }).waitFor();
    await logIn(await newPage(web.browser, web.url, 'mobile', PHONE_UA));

    for (const size of ['desktop', 'mobile'] as const) {
      const visitor = await newPage(web.browser, web.url, size);
      await visitor.goto('/');
      await visitor.getByRole('heading', { name: 'Welcome to Doorman' }).waitFor();
      await shoot(visitor, `welcome-${size}`);
      await visitor.goto('/login');
      await visitor.getByLabel('Email', { exact: true }).fill(ADA.email);
      await visitor.getByLabel('Password', { exact: true }).fill('not my password');
      await visitor.getByRole('button', { name: 'Log in', exact: true }).click();
      await visitor.getByRole('alert').waitFor();
      await shoot(visitor, `login-${size}`);

      const page = await newPage(web.browser, web.url, size);
      await logIn(page);
      await shoot(page, `home-${size}`);
      await page.getByRole('link', { name: 'Sessions', exact: true }).click();
      await page.getByRole('list', { name: 'Your sessions' }).getByRole('listitem').nth(2).waitFor();
      await shoot(page, `sessions-${size}`);
      await page.getByRole('link', { name: 'Security activity' }).click();
      await page.getByRole('table').waitFor();
      await shoot(page, `security-activity-${size}`);
      await page.getByRole('link', { name: 'Account' }).click();
      await page.getByRole('heading', { name: 'Change password' }).waitFor();
      await shoot(page, `account-${size}`);
    }

    await twoFactor(web.browser, web.url);
    await passkeys(web.browser, web.url);

    const playground = await newPage(web.browser, web.url, 'desktop');
    await logIn(playground);
    await playground.goto('/graphql');
    // The editor holds the default query once Monaco is up (and the schema has arrived).
    await playground.locator('.graphiql-query-editor').getByText('emailVerified').waitFor();
    await playground.getByRole('button', { name: /^Execute query/ }).click();
    await playground.locator('.result-window').getByText(ADA.email, { exact: false }).waitFor();
    await shoot(playground, 'playground-desktop');
  } finally {
    await web.close();
  }
}

/** Grace turns two-factor on (the QR code, then her recovery codes) and logs in with a code from her phone. */
async function twoFactor(browser: Browser, url: string): Promise<void> {
  const page = await newPage(browser, url, 'desktop');
  await page.goto('/signup');
  await page.getByLabel('Name', { exact: true }).fill(GRACE.name);
  await page.getByLabel('Email', { exact: true }).fill(GRACE.email);
  await page.getByLabel('Password', { exact: true }).fill(GRACE.password);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.getByRole('heading', { name: `Hello, ${GRACE.name}` }).waitFor();
  await page.goto('/account');
  await page.getByRole('button', { name: 'Turn on two-factor' }).click();
  const secret = (await page.getByTestId('two-factor-secret').textContent())!;
  await shoot(page, 'two-factor-setup-desktop');
  await page.getByLabel('Authentication code').fill(totp(secret));
  await page.getByRole('button', { name: 'Confirm', exact: true }).click();
  await page.getByRole('list', { name: 'Recovery codes' }).waitFor();
  await shoot(page, 'two-factor-codes-desktop');

  const phone = await newPage(browser, url, 'mobile', PHONE_UA);
  await phone.goto('/login');
  await phone.getByLabel('Email', { exact: true }).fill(GRACE.email);
  await phone.getByLabel('Password', { exact: true }).fill(GRACE.password);
  await phone.getByRole('button', { name: 'Log in', exact: true }).click();
  await phone.getByLabel('Authentication code').waitFor();
  await shoot(phone, 'login-two-factor-mobile');
}

/** Ada adds a passkey on her laptop (Chromium's virtual authenticator stands in for its fingerprint reader). */
async function passkeys(browser: Browser, url: string): Promise<void> {
  const page = await newPage(browser, url, 'desktop');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
    },
  });
  await logIn(page);
  await page.goto('/account');
  await page.getByRole('button', { name: 'Add a passkey' }).click();
  await page.getByRole('list', { name: 'Your passkeys' }).waitFor();
  await page.getByRole('region', { name: 'Passkeys' }).scrollIntoViewIfNeeded();
  await shoot(page, 'passkeys-desktop');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
