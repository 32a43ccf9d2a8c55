import type { Page } from 'playwright-core';
import { userInput } from '../factories/user.factory';
import { browserIt, describeInBrowser, startWebApp, type WebApp } from '../helpers/browser';
import { clickAndAnswer, logInInBrowser, nav, signUpInBrowser } from '../helpers/web-flows';

describeInBrowser('the web client: sessions on two devices', () => {
  let web: WebApp;
  const it = (name: string, body: () => Promise<void>) => browserIt(name, () => web, body);

  beforeAll(async () => {
    web = await startWebApp();
  });
  afterAll(() => web.close());

  /** Two browser profiles, as two devices: the first signs up, the second logs in to the same account. */
  async function twoDevices(): Promise<{ laptop: Page; phone: Page }> {
    const person = userInput();
    const laptop = await (await web.newContext()).newPage();
    const phone = await (await web.newContext()).newPage();
    await signUpInBrowser(laptop, person);
    await phone.goto('/login');
    await logInInBrowser(phone, person.email, person.password);
    await phone.getByRole('heading', { name: `Hello, ${person.name}` }).waitFor();
    return { laptop, phone };
  }

  const sessionItems = (page: Page) => page.getByRole('list', { name: 'Your sessions' }).getByRole('listitem');

  it('lists each session with its device and IP; one device revokes the other, which lands on Log in', async () => {
    const { laptop, phone } = await twoDevices();
    await nav(laptop).getByRole('link', { name: 'Sessions' }).click();
    await sessionItems(laptop).nth(1).waitFor();
    expect(await sessionItems(laptop).count()).toBe(2);

    const current = sessionItems(laptop).filter({ hasText: 'This device' });
    const other = sessionItems(laptop).filter({ hasNotText: 'This device' });
    expect(await current.count()).toBe(1);
    expect(await current.getByRole('button', { name: 'Revoke' }).count()).toBe(0);
    const userAgent = await phone.evaluate(() => navigator.userAgent);
    expect(await other.textContent()).toContain(userAgent);
    expect(await other.textContent()).toContain('IP 127.0.0.1');

    await clickAndAnswer(laptop, 'Revoke', 'RevokeSession');
    await laptop.getByText('is signed out.').waitFor();
    // The notice can come before the list is read again: wait for the revoked item to go.
    await sessionItems(laptop).nth(1).waitFor({ state: 'detached' });
    expect(await sessionItems(laptop).count()).toBe(1);

    // The phone's next request is refused, its refresh too: it lands on Log in, told why.
    await nav(phone).getByRole('link', { name: 'Sessions' }).click();
    await phone.getByRole('heading', { name: 'Log in' }).waitFor();
    expect(new URL(phone.url()).pathname).toBe('/login');
    expect(await phone.getByRole('status').textContent()).toMatch(/^Your session has ended/);
    expect(await nav(phone).getByRole('link', { name: 'Sessions' }).count()).toBe(0);
  });

  it('says the session ended after a reload too, and "log out everywhere else" ends every other one', async () => {
    const { laptop, phone } = await twoDevices();
    await nav(phone).getByRole('link', { name: 'Sessions' }).click();
    await sessionItems(phone).nth(1).waitFor();
    await clickAndAnswer(phone, 'Log out everywhere else', 'Logout');
    await phone.getByText('Every other session has ended.').waitFor();
    await sessionItems(phone).nth(1).waitFor({ state: 'detached' });
    expect(await sessionItems(phone).count()).toBe(1);

    await laptop.reload();
    await laptop.getByRole('heading', { name: 'Log in' }).waitFor();
    expect(await laptop.getByRole('status').textContent()).toMatch(/^Your session has ended/);
  });
});
