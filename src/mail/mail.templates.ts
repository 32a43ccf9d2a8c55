/** A message ready to send: plain text and HTML, and the one link it carries (the outbox logs it). */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  link: string;
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

function describeDuration(seconds: number): string {
  // "24 hours" reads more precisely than "1 day"; from two days on, days.
  if (seconds % 86_400 === 0 && seconds >= 172_800) return plural(seconds / 86_400, 'day');
  if (seconds % 3_600 === 0) return plural(seconds / 3_600, 'hour');
  if (seconds % 60 === 0) return plural(seconds / 60, 'minute');
  return plural(seconds, 'second');
}
const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

interface Template {
  subject: string;
  intro: string;
  action: string;
  outro: string;
}

// No user-supplied text (such as the account's name) goes into a message: anyone can sign up with
// someone else's address, and the name would become their words in that person's inbox.
function render(to: string, link: string, { subject, intro, action, outro }: Template): MailMessage {
  const text = `${intro}\n\n${action}:\n${link}\n\n${outro}\n`;
  const html = `<!doctype html>
<html><body style="font-family: sans-serif; line-height: 1.5">
<p>${escapeHtml(intro)}</p>
<p><a href="${escapeHtml(link)}">${escapeHtml(action)}</a></p>
<p style="color: #555">Or paste this address into your browser:<br>${escapeHtml(link)}</p>
<p style="color: #555">${escapeHtml(outro)}</p>
</body></html>
`;
  return { to, subject, text, html, link };
}

/** The frontend's page for the token: APP_URL/<page>?token=... */
const linkTo = (appUrl: string, page: string, token: string) => `${appUrl}/${page}?token=${encodeURIComponent(token)}`;

export function passwordResetMail(to: string, appUrl: string, token: string, ttlSeconds: number): MailMessage {
  return render(to, linkTo(appUrl, 'reset-password', token), {
    subject: 'Reset your password',
    intro: 'Someone (we hope you) asked to reset the password of the account for this address.',
    action: 'Choose a new password',
    outro: `The link works once, within ${describeDuration(ttlSeconds)}, and signs out every session of the account. If you did not ask for it, ignore this message: your password stays as it is.`,
  });
}

export function emailVerificationMail(to: string, appUrl: string, token: string, ttlSeconds: number): MailMessage {
  return render(to, linkTo(appUrl, 'verify-email', token), {
    subject: 'Confirm your email address',
    intro: 'Please confirm that this address belongs to your new account.',
    action: 'Confirm my address',
    outro: `The link works once, within ${describeDuration(ttlSeconds)}. If you did not create an account, ignore this message.`,
  });
}
