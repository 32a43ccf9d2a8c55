import type { BrowserContext, Page } from 'playwright-core';
import { userInput } from '../factories/user.factory';
import { browserIt, describeInBrowser, startWebApp, type WebApp } from '../helpers/browser';
import { alertText, clickAndAnswer, logInInBrowser, nav, signUpInBrowser } from '../helpers/web-flows';

describeInBrowser('the web client: signing up, in and out', () => {
  let web: WebApp;
  let context: BrowserContext;
  let page: Page;
  const it = (name: string, body: () => Promise<void>) => browserIt(name, () => web, body);

  beforeAll(async () => {
    // A login limit low enough to reach.
    web = await startWebApp({ RATE_LIMIT_LOGIN_PER_EMAIL: '3/1m' });
  });
  afterAll(() => web.close());
  beforeEach(async () => {
    context = await web.newContext();
    page = await context.newPage();
  });
  afterEach(() => context.close());

  it('signs up, shows the name, logs out, logs in, and a reload keeps the session', async () => {
    const ada = userInput({ name: 'Ada Lovelace' });
    await page.goto('/');
    await page.getByRole('heading', { name: 'Welcome to Doorman' }).waitFor();
    await nav(page).getByRole('link', { name: 'Sign up' }).click();
    await page.getByLabel('Name', { exact: true }).fill(ada.name);
    await page.getByLabel('Email', { exact: true }).fill(ada.email);
    await page.getByLabel('Password', { exact: true }).fill(ada.password);
    await page.getByRole('button', { name: 'Sign up' }).click();

    await page.getByRole('heading', { name: 'Hello, Ada Lovelace' }).waitFor();
    expect(await page.getByTestId('viewer-email').textContent()).toBe(ada.email);
    expect(await page.getByText('Not verified yet').isVisible()).toBe(true);

    await nav(page).getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'Welcome to Doorman' }).waitFor();
    expect(await page.getByRole('status').textContent()).toBe('You have logged out.');
    expect(await nav(page).getByRole('link', { name: 'Sessions' }).count()).toBe(0);

    await nav(page).getByRole('link', { name: 'Log in' }).click();
    await logInInBrowser(page, ada.email, ada.password);
    await page.getByRole('heading', { name: 'Hello, Ada Lovelace' }).waitFor();

    await page.reload();
    await page.getByRole('heading', { name: 'Hello, Ada Lovelace' }).waitFor();
    expect(page.url()).toBe(`${web.url}/`);
  });

  it('keeps every token out of reach of page scripts: cookies HttpOnly, storage empty, bodies token-free', async () => {
    const bodies: string[] = [];
    page.on('response', (res) => {
      if (res.url().endsWith('/graphql'))
        void res.text().then(
          (text) => bodies.push(text),
          () => undefined,
        );
    });
    await signUpInBrowser(page, userInput());
    await nav(page).getByRole('link', { name: 'Sessions' }).click();
    await page.getByRole('list', { name: 'Your sessions' }).waitFor();

    const cookies = await context.cookies();
    expect(cookies.map((c) => c.name).sort()).toEqual(['__Host-doorman_access', '__Secure-doorman_refresh']);
    expect(cookies.every((c) => c.httpOnly && c.secure)).toBe(true);
    const seen = await page.evaluate(() => ({
      cookie: document.cookie,
      local: Object.keys(localStorage).length,
      session: Object.keys(sessionStorage).length,
      html: document.documentElement.outerHTML,
    }));
    expect(seen.cookie).toBe('');
    expect(seen.local).toBe(0);
    expect(seen.session).toBe(0);
    expect(bodies.length).toBeGreaterThan(1);
    for (const { value } of cookies) {
      expect(seen.html).not.toContain(value);
      for (const body of bodies) expect(body).not.toContain(value);
    }
  });

  it('refreshes the cookies before the access token expires', async () => {
    // The page's clock, moved on by hand: access tokens live 15 minutes, and the client refreshes a minute ahead.
    await page.clock.install();
    await signUpInBrowser(page, userInput());
    // The refresh token rotates (an access token minted within the same second could read the same).
    const before = (await context.cookies()).find((c) => c.name === '__Secure-doorman_refresh')!.value;
    const refresh = page.waitForResponse(
      (res) => res.url().endsWith('/graphql') && (res.request().postData() ?? '').includes('RefreshToken'),
    );
    await page.clock.fastForward('14:30');
    const refreshed = await refresh;
    expect(
      ((await refreshed.json()) as { data: { refreshToken: { user: { id: string } } } }).data.refreshToken.user.id,
    ).toBeTruthy();
    const after = (await context.cookies()).find((c) => c.name === '__Secure-doorman_refresh')!.value;
    expect(after).not.toBe(before);
  });

  it('refreshes once when the access token is gone (UNAUTHENTICATED) and retries, unseen', async () => {
    const grace = userInput({ name: 'Grace Hopper' });
    await signUpInBrowser(page, grace);
    // What an expired access cookie looks like to the server: none at all.
    await context.clearCookies({ name: '__Host-doorman_access' });
    const operations: string[] = [];
    page.on('request', (req) => {
      const body = req.postData();
      if (req.url().endsWith('/graphql') && body)
        operations.push((JSON.parse(body) as { operationName: string }).operationName);
    });
    await nav(page).getByRole('link', { name: 'Sessions' }).click();
    await page.getByRole('list', { name: 'Your sessions' }).waitFor();
    expect(operations).toEqual(['Sessions', 'RefreshToken', 'Sessions']);
    expect((await context.cookies()).map((c) => c.name)).toContain('__Host-doorman_access');
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('says what went wrong in plain words: the field that was refused, a wrong password, and the wait', async () => {
    const taken = userInput();
    await signUpInBrowser(page, taken);
    await nav(page).getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'Welcome to Doorman' }).waitFor();

    // BAD_USER_INPUT: next to its field, and the field is marked invalid.
    await page.goto('/signup');
    await page.getByLabel('Name', { exact: true }).fill('Someone');
    await page.getByLabel('Email', { exact: true }).fill('not-an-address');
    await page.getByLabel('Password', { exact: true }).fill('a long enough passphrase');
    await page.getByRole('button', { name: 'Sign up' }).click();
    const email = page.getByLabel('Email', { exact: true });
    await page.locator('input[name="email"][aria-invalid="true"]').waitFor();
    const describedBy = (await email.getAttribute('aria-describedby'))!;
    expect(await page.locator(`[id="${describedBy}"]`).textContent()).toMatch(/email/i);

    // EMAIL_TAKEN: next to the email field too.
    await email.fill(taken.email);
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByText('An account already uses this email address', { exact: false }).waitFor();

    // A wrong password, then the per-email limit (3 a minute) with its wait.
    await page.goto('/login');
    await logInInBrowser(page, taken.email, 'not the password at all');
    expect(await alertText(page)).toBe('The email or the password is not right.');
    // Three attempts a minute: the third is still checked, the fourth is refused before any check.
    for (let attempt = 2; attempt <= 3; attempt++) {
      await clickAndAnswer(page, 'Log in', 'Login');
      expect(await alertText(page)).toBe('The email or the password is not right.');
    }
    await clickAndAnswer(page, 'Log in', 'Login');
    await page.getByText(/^Too many attempts\. Please wait \d+ seconds and try again\.$/).waitFor();
  });

  it('is usable with the keyboard alone', async () => {
    const person = userInput();
    await page.goto('/signup');
    await page.getByLabel('Name', { exact: true }).focus();
    await page.keyboard.type(person.name);
    await page.keyboard.press('Tab');
    await page.keyboard.type(person.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(person.password);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: `Hello, ${person.name}` }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
  });
});
