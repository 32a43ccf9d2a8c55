/** A message ready to send: plain text and HTML, and the one link it carries, if any (the outbox logs it). */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  link?: string;
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

export function describeDuration(seconds: number): string {
  // "24 hours" reads more precisely than "1 day"; from two days on, days.
  if (seconds % 86_400 === 0 && seconds >= 172_800) return plural(seconds / 86_400, 'day');
  if (seconds % 3_600 === 0) return plural(seconds / 3_600, 'hour');
  if (seconds % 60 === 0) return plural(seconds / 60, 'minute');
  return plural(seconds, 'second');
}
const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

export interface MailTemplate {
  subject: string;
  intro: string;
  action: string;
  outro: string;
}

/**
 * A message with one link, in plain text and HTML. Templates hold no user-supplied text (such as an
 * account's name): anyone can sign up with someone else's address, and it would become their words.
 */
export function renderMail(to: string, link: string, { subject, intro, action, outro }: MailTemplate): MailMessage {
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

export interface NoticeTemplate {
  subject: string;
  intro: string;
  outro: string;
}

/** A message that only tells the person something happened to their account: no link to follow. */
export function renderNotice(to: string, { subject, intro, outro }: NoticeTemplate): MailMessage {
  const text = `${intro}\n\n${outro}\n`;
  const html = `<!doctype html>
<html><body style="font-family: sans-serif; line-height: 1.5">
<p>${escapeHtml(intro)}</p>
<p style="color: #555">${escapeHtml(outro)}</p>
</body></html>
`;
  return { to, subject, text, html };
}

/** The frontend's page for the token: APP_URL/<page>?token=... */
export const linkTo = (appUrl: string, page: string, token: string) =>
  `${appUrl}/${page}?token=${encodeURIComponent(token)}`;
