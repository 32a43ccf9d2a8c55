import type { Page } from 'playwright-core';
import { userInput } from '../factories/user.factory';
import { browserIt, describeInBrowser, startWebApp, type WebApp } from '../helpers/browser';
import { clickAndAnswer, logInInBrowser, nav, signUpInBrowser } from '../helpers/web-flows';

/** The link in a message, whole: it must open the web client's page on this server (APP_URL's default). */
function linkIn(text: string, page: 'reset-password' | 'verify-email'): string {
  const match = new RegExp(`https?://\\S+/${page}\\?token=[A-Za-z0-9_%-]+`).exec(text);
  if (!match) throw new Error(`no ${page} link in: ${text}`);
  return match[0];
}

describeInBrowser('the web client: links from the inbox', () => {
  let web: WebApp;
  let page: Page;
  const it = (name: string, body: () => Promise<void>) => browserIt(name, () => web, body);

  beforeAll(async () => {
    web = await startWebApp();
  });
  afterAll(() => web.close());
  beforeEach(async () => {
    page = await (await web.newContext()).newPage();
  });

  it('forgot password: the mailed link sets a new password, and only the new one logs in', async () => {
    const person = await (async () => {
      const p = userInput();
      await signUpInBrowser(page, p);
      await web.smtp.next(p.email); // the verification mail of the signup
      await nav(page).getByRole('button', { name: 'Log out' }).click();
      await page.getByRole('heading', { name: 'Welcome to Doorman' }).waitFor();
      return p;
    })();

    await page.goto('/login');
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByLabel('Email', { exact: true }).fill(person.email);
    await clickAndAnswer(page, 'Send reset link', 'RequestPasswordReset');
    await page.getByText(`If ${person.email} has an account, a link is on its way.`, { exact: false }).waitFor();

    const link = linkIn((await web.smtp.next(person.email)).text, 'reset-password');
    expect(link.startsWith(`${web.url}/reset-password?token=`)).toBe(true);
    const opened = await page.goto(link);
    expect(opened!.headers()['referrer-policy']).toBe('no-referrer');
    expect(opened!.headers()['content-security-policy']).toMatch(/(^|;)script-src 'self'(;|$)/);

    await page.getByLabel('New password', { exact: true }).fill('a brand new passphrase');
    await clickAndAnswer(page, 'Set new password', 'ResetPassword');
    await page.getByRole('heading', { name: 'Your new password is set' }).waitFor();
    await page.getByRole('link', { name: 'Go to Log in' }).click();

    await logInInBrowser(page, person.email, person.password);
    await page.getByText('The email or the password is not right.').waitFor();
    await logInInBrowser(page, person.email, 'a brand new passphrase');
    await page.getByRole('heading', { name: `Hello, ${person.name}` }).waitFor();
  });

  it('verify email: opening the link spends nothing; the button does, and Home then says verified', async () => {
    const person = userInput();
    await signUpInBrowser(page, person);
    expect(await page.getByText('Not verified yet').isVisible()).toBe(true);
    const link = linkIn((await web.smtp.next(person.email)).text, 'verify-email');
    expect(link.startsWith(`${web.url}/verify-email?token=`)).toBe(true);

    // A mail scanner opens the link first, twice: the token must still work afterwards.
    const scanner = await (await web.newContext()).newPage();
    await scanner.goto(link);
    await scanner.getByRole('button', { name: 'Confirm my address' }).waitFor();
    const opened = await page.goto(link);
    expect(opened!.headers()['referrer-policy']).toBe('no-referrer');
    await page.getByRole('button', { name: 'Confirm my address' }).waitFor();

    await clickAndAnswer(page, 'Confirm my address', 'VerifyEmail');
    await page.getByRole('heading', { name: 'Your address is confirmed' }).waitFor();
    await page.getByRole('link', { name: 'Go to the home page' }).click();
    await page.getByText('Verified', { exact: true }).waitFor();

    // Spent: the scanner's copy of the page now gets INVALID_TOKEN, in plain words.
    await clickAndAnswer(scanner, 'Confirm my address', 'VerifyEmail');
    await scanner.getByText('This link no longer works', { exact: false }).waitFor();
  });
});
