import type { MailMessage } from '../mail';
import { emailVerificationMail, passwordResetMail } from './recovery-mail';

const APP_URL = 'https://app.example.com';
// 43 base64url characters, as EmailTokensService makes them.
const TOKEN = 'q7Yw-3_kP0aZ9xLm2VnB8cDeFgHiJkLmNoPqRsTuVwX';

type Template = (to: string, appUrl: string, token: string, ttlSeconds: number) => MailMessage;

const templates: [string, Template, string, string][] = [
  ['passwordResetMail', passwordResetMail, 'reset-password', 'Reset your password'],
  ['emailVerificationMail', emailVerificationMail, 'verify-email', 'Confirm your email address'],
];

describe.each(templates)('%s', (_name, template, page, subject) => {
  const link = `${APP_URL}/${page}?token=${TOKEN}`;

  it(`addresses the recipient with the subject "${subject}" and a link to APP_URL/${page}`, () => {
    expect(template('alice@example.com', APP_URL, TOKEN, 1_800)).toMatchObject({
      to: 'alice@example.com',
      subject,
      link,
    });
  });

  it('carries the link in both the text and the HTML part', () => {
    const { text, html } = template('alice@example.com', APP_URL, TOKEN, 1_800);

    expect(text).toContain(link);
    expect(html).toContain(`<a href="${link}">`);
    // Shown as text too, for clients that do not follow links.
    expect(html.split(link)).toHaveLength(3);
  });

  it('URL-encodes the token in the link', () => {
    const { link: encoded } = template('alice@example.com', APP_URL, 'a+b/c=d&e', 60);

    expect(encoded).toBe(`${APP_URL}/${page}?token=a%2Bb%2Fc%3Dd%26e`);
  });

  it('escapes the link in the HTML, so no character of it can close the attribute or open a tag', () => {
    const hostile = 'https://app.example.com/x"><script>alert(1)</script>&\'';

    const { text, html, link: raw } = template('alice@example.com', hostile, TOKEN, 60);
    expect(text).toContain(raw);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('x">');
    expect(html).toContain(
      `<a href="https://app.example.com/x&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;&#39;/${page}?token=${TOKEN}">`,
    );
  });

  it.each([
    [1_800, '30 minutes'],
    [60, '1 minute'],
    [3_600, '1 hour'],
    [7_200, '2 hours'],
    // A day reads more precisely as 24 hours; from two days on, days.
    [86_400, '24 hours'],
    [172_800, '2 days'],
    [259_200, '3 days'],
    [90, '90 seconds'],
  ])('words a lifetime of %p seconds as "%s", in both parts', (ttlSeconds, wording) => {
    const { text, html } = template('alice@example.com', APP_URL, TOKEN, ttlSeconds);

    const stated = new RegExp(`within ${wording}\\b`);
    expect(text).toMatch(stated);
    expect(html).toMatch(stated);
  });

  // Anyone can sign up with someone else's address: nothing about the account may reach that inbox.
  it('says the same to every recipient: no name, no address, only the link differs with the token', () => {
    const { to: _alice, ...forAlice } = template('alice@example.com', APP_URL, TOKEN, 1_800);
    const { to: _bob, ...forBob } = template('bob@example.org', APP_URL, TOKEN, 1_800);

    expect(forBob).toEqual(forAlice);
    expect(`${forAlice.text}${forAlice.html}`).not.toMatch(/alice/i);
  });
});

it('the two templates say different things', () => {
  const reset = passwordResetMail('alice@example.com', APP_URL, TOKEN, 1_800);
  const verify = emailVerificationMail('alice@example.com', APP_URL, TOKEN, 1_800);

  expect(reset.text).toMatch(/signs out every session/);
  expect(verify.text).not.toMatch(/password/i);
});
