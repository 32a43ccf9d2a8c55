import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { userInput } from '../factories/user.factory';
import { browserIt, describeInBrowser, startWebApp, type WebApp } from '../helpers/browser';
import { totp, wrongCode } from '../helpers/two-factor';
import { alertText, logInInBrowser, nav, signUpInBrowser } from '../helpers/web-flows';

// Long enough for a step-up and the change it lets through; short enough for a test to outwait.
const REAUTH_WINDOW_MS = 3_000;
const outwaitReauthWindow = () => new Promise((resolve) => setTimeout(resolve, REAUTH_WINDOW_MS + 500));

describeInBrowser('the web client: two-factor authentication', () => {
  let web: WebApp;
  let context: BrowserContext;
  let page: Page;
  const it = (name: string, body: () => Promise<void>) => browserIt(name, () => web, body);

  beforeAll(async () => {
    web = await startWebApp({ REAUTH_WINDOW: `${REAUTH_WINDOW_MS / 1000}s` });
  });
  afterAll(() => web.close());
  beforeEach(async () => {
    context = await web.newContext();
    page = await context.newPage();
  });
  afterEach(() => context.close());

  const stepUpDialog = () => page.getByRole('dialog', { name: 'Confirm it is you' });
  const logOut = async () => {
    await nav(page).getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'Welcome to Doorman' }).waitFor();
    await page.goto('/login');
  };

  it('sets up with the secret shown, then logs in with a code and with a recovery code, and turns it off', async () => {
    const ada = userInput({ name: 'Ada Lovelace' });
    await signUpInBrowser(page, ada);
    await nav(page).getByRole('link', { name: 'Account' }).click();
    const section = page.getByRole('region', { name: /Two-factor authentication/ });
    await section.getByText('Off', { exact: true }).waitFor();

    // The signup is older than REAUTH_WINDOW: the setup asks for the password first, then goes on.
    await outwaitReauthWindow();
    await section.getByRole('button', { name: 'Turn on two-factor' }).click();
    await stepUpDialog().getByLabel('Password', { exact: true }).fill(ada.password);
    expect(await stepUpDialog().getByLabel('Authentication code').count()).toBe(0);
    await stepUpDialog().getByRole('button', { name: 'Confirm' }).click();

    const secret = (await section.getByTestId('two-factor-secret').textContent())!;
    expect(secret).toMatch(/^[A-Z2-7]{32,}$/);
    expect(await section.getByRole('img', { name: 'QR code of the two-factor secret' }).isVisible()).toBe(true);
    await section.getByLabel('Authentication code').fill(totp(secret));
    await section.getByRole('button', { name: 'Confirm' }).click();

    const list = section.getByRole('list', { name: 'Recovery codes' });
    await list.waitFor();
    const codes = (await list.getByRole('listitem').allTextContents()).map((code) => code.trim());
    expect(codes).toHaveLength(10);
    const downloading = page.waitForEvent('download');
    await section.getByRole('button', { name: 'Download codes' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('doorman-recovery-codes.txt');
    const saved = readFileSync(await download.path(), 'utf8');
    for (const code of codes) expect(saved).toContain(code);
    await section.getByRole('button', { name: 'I have saved them' }).click();
    await section.getByText('On', { exact: true }).waitFor();

    // Logging in now takes a code: the app's code for the next step (the confirmed one is spent).
    await logOut();
    await logInInBrowser(page, ada.email, ada.password);
    await page.getByRole('heading', { name: 'Two-factor authentication' }).waitFor();
    await page.getByLabel('Authentication code').fill(totp(secret, 1));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('heading', { name: 'Hello, Ada Lovelace' }).waitFor();

    // Or a recovery code, typed in capitals and without dashes.
    await logOut();
    await logInInBrowser(page, ada.email, ada.password);
    await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
    await page.getByLabel('Recovery code').fill(codes[0].replace(/-/g, '').toUpperCase());
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('heading', { name: 'Hello, Ada Lovelace' }).waitFor();

    // A spent recovery code is refused, with the attempts left.
    await logOut();
    await logInInBrowser(page, ada.email, ada.password);
    await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
    await page.getByLabel('Recovery code').fill(codes[0]);
    await page.getByRole('button', { name: 'Verify' }).click();
    expect(await alertText(page)).toBe('That code is not right. 4 attempts left.');
    await page.getByLabel('Recovery code').fill(codes[1]);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('heading', { name: 'Hello, Ada Lovelace' }).waitFor();

    // Turning it off: the step-up asks for a code too while two-factor is on.
    await nav(page).getByRole('link', { name: 'Account' }).click();
    await outwaitReauthWindow();
    const turnOff = section.getByRole('form', { name: 'Turn off' });
    await turnOff.getByLabel('Authentication code').fill(codes[2]);
    await turnOff.getByRole('button', { name: 'Turn off two-factor' }).click();
    await stepUpDialog().getByLabel('Password', { exact: true }).fill(ada.password);
    await stepUpDialog().getByLabel('Authentication code').fill(codes[3]);
    await stepUpDialog().getByRole('button', { name: 'Confirm' }).click();
    await section.getByRole('button', { name: 'Turn on two-factor' }).waitFor();
    expect(await section.getByText('Off', { exact: true }).isVisible()).toBe(true);

    await logOut();
    await logInInBrowser(page, ada.email, ada.password);
    await page.getByRole('heading', { name: 'Hello, Ada Lovelace' }).waitFor();
  });

  it('refuses a wrong code at setup and a wrong password at the step-up, in plain words', async () => {
    const grace = userInput();
    await signUpInBrowser(page, grace);
    await page.goto('/account');
    const section = page.getByRole('region', { name: /Two-factor authentication/ });
    await section.getByRole('button', { name: 'Turn on two-factor' }).click();
    const secret = (await section.getByTestId('two-factor-secret').textContent())!;
    await section.getByLabel('Authentication code').fill(wrongCode(secret));
    await section.getByRole('button', { name: 'Confirm' }).click();
    expect(await alertText(page)).toBe('That code is not right, or it was already used. Please try the next one.');

    await section.getByRole('button', { name: 'Cancel' }).click();
    await outwaitReauthWindow();
    await section.getByRole('button', { name: 'Turn on two-factor' }).click();
    await stepUpDialog().getByLabel('Password', { exact: true }).fill('not the password at all');
    await stepUpDialog().getByRole('button', { name: 'Confirm' }).click();
    await stepUpDialog().getByRole('alert').waitFor();
    expect(await stepUpDialog().getByRole('alert').textContent()).toBe('That password or code is not right.');
    await stepUpDialog().getByRole('button', { name: 'Cancel' }).click();
    expect(await alertText(page)).toBe('Please confirm it is you first.');
  });
});
