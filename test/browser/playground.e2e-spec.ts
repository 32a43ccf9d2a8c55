import { userInput } from '../factories/user.factory';
import { browserIt, describeInBrowser, startWebApp, type WebApp } from '../helpers/browser';
import { signUpInBrowser } from '../helpers/web-flows';

describeInBrowser('the GraphQL playground, offline', () => {
  let web: WebApp;
  const it = (name: string, body: () => Promise<void>) => browserIt(name, () => web, body);

  beforeAll(async () => {
    web = await startWebApp();
  });
  afterAll(() => web.close());

  it('loads GraphiQL with every other host blocked, and asks viewer with the web client’s cookie', async () => {
    const context = await web.newContext();
    const page = await context.newPage();
    const person = userInput({ name: 'Playground Person' });
    await signUpInBrowser(page, person);

    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const res = await page.goto('/graphql');
    expect(res!.headers()['content-type']).toMatch(/^text\/html/);
    expect(res!.headers()['content-security-policy']).not.toMatch(/https?:/);

    // The headers editor is there, holding the cookie transport's header.
    await page.getByText('Headers', { exact: true }).click();
    await page.getByText('"X-Auth-Transport": "cookie"').waitFor();
    // The query editor holds the default query once Monaco is up.
    await page.locator('.graphiql-query-editor').getByText('emailVerified').waitFor();

    const answer = page.waitForResponse(
      (r) =>
        r.url().endsWith('/graphql') &&
        r.request().method() === 'POST' &&
        (r.request().postData() ?? '').includes('viewer'),
    );
    await page.getByRole('button', { name: /^Execute query/ }).click();
    const body = (await (await answer).json()) as { data: { viewer: { name: string; email: string } } };
    expect(body.data.viewer).toMatchObject({ name: person.name, email: person.email });
    await page.locator('.result-window').getByText(person.email, { exact: false }).waitFor();

    expect(web.blocked).toEqual([]);
    expect(errors).toEqual([]);
  });
});
