import type { Page } from 'playwright-core';
import type { UserInput } from '../factories/user.factory';

/** What a person does on the web client, by the names the pages give their controls. */

export const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

export async function signUpInBrowser(page: Page, person: UserInput): Promise<void> {
  await page.goto('/signup');
  await page.getByLabel('Name', { exact: true }).fill(person.name);
  await page.getByLabel('Email', { exact: true }).fill(person.email);
  await page.getByLabel('Password', { exact: true }).fill(person.password);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.getByRole('heading', { name: `Hello, ${person.name}` }).waitFor();
}

export async function logInInBrowser(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
}

/** The text of the page's alert (role=alert), once one shows. */
export async function alertText(page: Page): Promise<string> {
  const alert = page.getByRole('alert');
  await alert.first().waitFor();
  return (await alert.first().textContent()) ?? '';
}

/** Presses a button and waits for the API's answer to the operation it sends. */
export async function clickAndAnswer(page: Page, button: string, operationName: string): Promise<void> {
  const answered = page.waitForResponse(
    (res) =>
      res.url().endsWith('/graphql') &&
      (JSON.parse(res.request().postData() ?? '{}') as { operationName?: string }).operationName === operationName,
  );
  await page.getByRole('button', { name: button, exact: true }).click();
  await answered;
}
