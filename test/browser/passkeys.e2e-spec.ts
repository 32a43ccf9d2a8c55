import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { userInput } from '../factories/user.factory';
import { browserIt, describeInBrowser, startWebApp, type WebApp } from '../helpers/browser';
import { totp } from '../helpers/two-factor';
import { alertText, logInInBrowser, nav, signUpInBrowser } from '../helpers/web-flows';

/**
 * Chromium's virtual authenticator (DevTools protocol): a platform authenticator with resident keys
 * that verifies the person, as a phone or a laptop's fingerprint reader would.
 */
async function addVirtualAuthenticator(page: Page): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
    },
  });
  return { cdp, authenticatorId };
}

describeInBrowser('the web client: passkeys', () => {
  let web: WebApp;
  let context: BrowserContext;
  let page: Page;
  const it = (name: string, body: () => Promise<void>) => browserIt(name, () => web, body);

  beforeAll(async () => {
    // localhost, not 127.0.0.1: an IP address is no RP ID, so browsers offer no passkeys there.
    web = await startWebApp({}, { hostname: 'localhost' });
  });
  afterAll(() => web.close());
  beforeEach(async () => {
    context = await web.newContext();
    page = await context.newPage();
  });
  afterEach(() => context.close());

  const passkeysSection = () => page.getByRole('region', { name: 'Passkeys' });
  const logOut = async () => {
    await nav(page).getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'Welcome to Doorman' }).waitFor();
    await nav(page).getByRole('link', { name: 'Log in' }).click();
  };
  const addPasskey = async () => {
    await nav(page).getByRole('link', { name: 'Account' }).click();
    await passkeysSection().getByRole('button', { name: 'Add a passkey' }).click();
    await passkeysSection().getByRole('status').filter({ hasText: 'is added' }).waitFor();
  };

  it('adds a passkey, logs in with it without typing the email, renames it and removes it', async () => {
    const { cdp, authenticatorId } = await addVirtualAuthenticator(page);
    const ada = userInput({ name: 'Ada Lovelace' });
    await signUpInBrowser(page, ada);
    await nav(page).getByRole('link', { name: 'Account' }).click();
    await passkeysSection().getByText('You have no passkeys yet.').waitFor();
    await addPasskey();
    const list = passkeysSection().getByRole('list', { name: 'Your passkeys' });
    // The notice can come before the list is read again.
    await list.getByRole('listitem').first().waitFor();
    expect(await list.getByRole('listitem').count()).toBe(1);
    expect(await list.getByRole('listitem', { name: 'Passkey 1' }).getByText('Not used yet').isVisible()).toBe(true);
    // The authenticator holds one discoverable credential, for this site.
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(credentials[0]).toMatchObject({ isResidentCredential: true, rpId: 'localhost' });

    await logOut();
    await page.getByRole('button', { name: 'Log in with a passkey' }).click();
    await page.getByRole('heading', { name: 'Hello, Ada Lovelace' }).waitFor();
    expect(await page.getByTestId('viewer-email').textContent()).toBe(ada.email);

    await nav(page).getByRole('link', { name: 'Account' }).click();
    const item = list.getByRole('listitem', { name: 'Passkey 1' });
    await item.getByText(/^Last used /).waitFor();
    await item.getByLabel('Passkey name').fill('Laptop');
    await item.getByRole('button', { name: 'Rename' }).click();
    await list.getByRole('listitem', { name: 'Laptop' }).waitFor();

    await list.getByRole('listitem', { name: 'Laptop' }).getByRole('button', { name: 'Remove' }).click();
    await passkeysSection().getByText('You have no passkeys yet.').waitFor();

    // The authenticator still has the key, but the account no longer knows it.
    await logOut();
    await page.getByRole('button', { name: 'Log in with a passkey' }).click();
    expect(await alertText(page)).toBe('That passkey did not work here. Try again, or log in with your password.');
    expect(await nav(page).getByRole('link', { name: 'Account' }).count()).toBe(0);
  });

  it('offers the passkey in the email field (autofill), and signs in with it', async () => {
    await addVirtualAuthenticator(page);
    const ada = userInput({ name: 'Ada Lovelace' });
    await signUpInBrowser(page, ada);
    await addPasskey();
    await logOut();
    // The virtual authenticator picks its one passkey as a person would from the autofill list.
    await page.getByLabel('Email', { exact: true }).focus();
    await page.getByRole('heading', { name: 'Hello, Ada Lovelace' }).waitFor();
  });

  it('with two-factor on, answers the second step of a password login with the passkey', async () => {
    const { cdp, authenticatorId } = await addVirtualAuthenticator(page);
    const grace = userInput({ name: 'Grace Hopper' });
    await signUpInBrowser(page, grace);
    await addPasskey();
    const twoFactor = page.getByRole('region', { name: /Two-factor authentication/ });
    await twoFactor.getByRole('button', { name: 'Turn on two-factor' }).click();
    const secret = (await twoFactor.getByTestId('two-factor-secret').textContent())!;
    await twoFactor.getByLabel('Authentication code').fill(totp(secret));
    await twoFactor.getByRole('button', { name: 'Confirm' }).click();
    await twoFactor.getByRole('button', { name: 'I have saved them' }).click();

    await logOut();
    // Nobody touches the authenticator while the password is typed, so the email field's autofill stays unanswered.
    await cdp.send('WebAuthn.setAutomaticPresenceSimulation', { authenticatorId, enabled: false });
    await logInInBrowser(page, grace.email, grace.password);
    await page.getByRole('heading', { name: 'Two-factor authentication' }).waitFor();
    await cdp.send('WebAuthn.setAutomaticPresenceSimulation', { authenticatorId, enabled: true });
    await page.getByRole('button', { name: 'Use a passkey instead' }).click();
    await page.getByRole('heading', { name: 'Hello, Grace Hopper' }).waitFor();
  });

  it('says so when there is no passkey to use', async () => {
    // An authenticator with no credential for this site: the browser's prompt ends without one.
    await addVirtualAuthenticator(page);
    await page.goto('/login');
    await page.getByRole('button', { name: 'Log in with a passkey' }).click();
    expect(await alertText(page)).toBe('No passkey was used: the request was cancelled or timed out.');
  });
});
