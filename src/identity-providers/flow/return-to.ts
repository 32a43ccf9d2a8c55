const MAX_LENGTH = 512;

/**
 * A `returnTo` the browser may be sent to after signing in: a path on APP_URL, or null. Anything that
 * could leave the origin (`//host`, `/\host`, a scheme, control characters) is refused, and the
 * result is rebuilt from the parsed URL, so what is stored is exactly a path with its query.
 */
export function safeReturnTo(value: unknown, appUrl: string): string | null {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_LENGTH) return null;
  if (!value.startsWith('/') || value.startsWith('//') || /[\\\p{Cc}]/u.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value, `${appUrl}/`);
  } catch {
    return null;
  }
  const base = new URL(`${appUrl}/`);
  if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}
