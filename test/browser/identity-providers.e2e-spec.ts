import type { BrowserContext, Page } from 'playwright-core';
import { signUp } from '../factories/user.factory';
import { FakeGithub } from '../fakes/fake-github';
import { FakeOidcProvider } from '../fakes/fake-oidc-provider';
import { browserIt, describeInBrowser, startWebApp, type WebApp } from '../helpers/browser';
import { sql } from '../helpers/db';
import { totp, twoFactorClient } from '../helpers/two-factor';
import { alertText, logInInBrowser, nav } from '../helpers/web-flows';

describeInBrowser('the web client: continue with an identity provider', () => {
  let oidc: FakeOidcProvider;
  let github: FakeGithub;
  let web: WebApp;
  let context: BrowserContext;
  let page: Page;
  const it = (name: string, body: () => Promise<void>) => browserIt(name, () => web, body);

  beforeAll(async () => {
    [oidc, github] = await Promise.all([FakeOidcProvider.start(), FakeGithub.start()]);
    web = await startWebApp({
      OIDC_ISSUER: oidc.issuer,
      OIDC_CLIENT_ID: oidc.clientId,
      OIDC_CLIENT_SECRET: oidc.clientSecret,
      OIDC_NAME: 'Test SSO',
      ...github.env,
    });
  });
  afterAll(async () => {
    await web.close();
    await Promise.all([oidc.close(), github.close()]);
  });
  beforeEach(async () => {
    // Like web.newContext(), but the fake providers' origins are let through: the flow goes there and back.
    const allowed = new Set([new URL(web.url).origin, oidc.issuer, github.url]);
    context = await web.browser.newContext({ baseURL: web.url, viewport: { width: 1280, height: 800 } });
    await context.route(
      (target) => !allowed.has(target.origin),
      (route) => {
        web.blocked.push(route.request().url());
        return route.abort('blockedbyclient');
      },
    );
    page = await context.newPage();
  });
  afterEach(() => context.close());

  it('continues with the test provider from Log in and lands on Home signed in', async () => {
    const sub = `browser-${Date.now()}`;
    oidc.signInAs({ sub, email: `${sub}@example.com`, email_verified: true, name: 'Grace Provider' });
    await page.goto('/login');
    await page.getByRole('link', { name: 'Continue with Test SSO' }).click();
    await page.getByRole('heading', { name: 'Hello, Grace Provider' }).waitFor();
    expect(page.url()).toBe(`${web.url}/`);
    // The session is the cookie transport's, like any other: a reload keeps it, no script can read it.
    await page.reload();
    await page.getByRole('heading', { name: 'Hello, Grace Provider' }).waitFor();
    expect(await page.evaluate(() => document.cookie)).toBe('');
    expect(web.blocked).toEqual([]);
  });

  it('asks for the code after the provider when the account has two-factor on', async () => {
    const sub = `browser-2fa-${Date.now()}`;
    oidc.signInAs({ sub, email: `${sub}@example.com`, email_verified: true, name: 'Tess Factor' });
    await page.goto('/login');
    await page.getByRole('link', { name: 'Continue with Test SSO' }).click();
    await page.getByRole('heading', { name: 'Hello, Tess Factor' }).waitFor();
    const access = (await context.cookies()).find((cookie) => cookie.name === '__Host-doorman_access')!;
    const { secret } = await twoFactorClient(web.app.server).enable(access.value);

    await context.clearCookies();
    await page.goto('/login');
    await page.getByRole('link', { name: 'Continue with Test SSO' }).click();
    await page.getByRole('heading', { name: 'Two-factor authentication' }).waitFor();
    await page.getByLabel('Code', { exact: true }).fill(totp(secret, 1));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('heading', { name: 'Hello, Tess Factor' }).waitFor();
    expect(new URL(page.url()).hash).toBe('');
  });

  it('shows a refusal in plain words on Log in, and offers the providers on Sign up', async () => {
    const owner = await signUp(web.app.server);
    await sql(web.app)('update users set email_verified_at = now() where id = ?', [owner.user.id]);
    oidc.signInAs({ sub: `mallory-${Date.now()}`, email: owner.input.email, email_verified: false });
    await page.goto('/signup');
    await page.getByRole('link', { name: 'Continue with GitHub' }).waitFor();
    await page.getByRole('link', { name: 'Continue with Test SSO' }).click();
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    expect(new URL(page.url()).search).toBe('?error=account_exists');
    expect(await alertText(page)).toContain('An account already uses this email address');
  });

  it('links GitHub from Account and unlinks it again', async () => {
    const owner = await signUp(web.app.server);
    await page.goto('/login');
    await logInInBrowser(page, owner.input.email, owner.input.password);
    await page.getByRole('heading', { name: `Hello, ${owner.input.name}` }).waitFor();
    await nav(page).getByRole('link', { name: 'Account' }).click();
    const section = page.getByRole('region', { name: 'Linked accounts' });
    github.signInAs({ id: Date.now(), login: 'octo', name: null, emails: [] });
    await section.getByRole('link', { name: 'Link GitHub' }).click();
    await page.getByText('GitHub is linked: you can now sign in with it.').waitFor();
    expect(new URL(page.url()).pathname).toBe('/account');

    await page.getByRole('region', { name: 'Linked accounts' }).getByRole('button', { name: 'Unlink GitHub' }).click();
    await page.getByText('GitHub is unlinked.').waitFor();
    await page.getByRole('region', { name: 'Linked accounts' }).getByRole('link', { name: 'Link GitHub' }).waitFor();
  });
});
