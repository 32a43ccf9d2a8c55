/**
 * RFC 3986 absolute URIs, as Joi's `string().uri({ scheme })` accepted them (the grammar of
 * @sideway/address), so no URL valid before the move to zod is refused now. `new URL()` would be
 * laxer: it takes spaces, "@" in passwords and backslashes, and repairs them silently.
 */
const hex = '[\\dA-Fa-f]';
const unreserved = '\\w\\-.~';
// Joi's class for pct-encoded: "%" and hex digits as single characters, not strictly %XX.
const pctEncoded = '%\\dA-Fa-f';
const subDelims = "!$&'()*+,;=";
const pchar = `[${unreserved}${pctEncoded}${subDelims}:@]`;

const decOctet = '(?:0{0,2}\\d|0?[1-9]\\d|1\\d\\d|2[0-4]\\d|25[0-5])';
const ipv4 = `(?:${decOctet}\\.){3}${decOctet}`;
const h16 = `${hex}{1,4}`;
const ls32 = `(?:${h16}:${h16}|${ipv4})`;
// After "::", the groups that may follow when up to i+1 groups come before it.
const ipv6Tails = [4, 3, 2, 1, 0].map((n) => `(?:${h16}:){${n}}${ls32}`).concat(h16, '');
const ipv6 = [
  `(?:${h16}:){6}${ls32}`,
  `::(?:${h16}:){5}${ls32}`,
  ...ipv6Tails.map((tail, i) => `(?:(?:${h16}:){0,${i}}${h16})?::${tail}`),
].join('|');
const ipFuture = `v${hex}+\\.[${unreserved}${subDelims}:]+`;

const host = `(?:\\[(?:${ipv6}|${ipFuture})\\]|[${unreserved}${pctEncoded}${subDelims}]{1,255})`;
const authority = `(?:[${unreserved}${pctEncoded}${subDelims}:]*@)?${host}(?::\\d*)?`;
const pathAbEmpty = `(?:\\/${pchar}*)*`;
const hierPart = [
  `\\/\\/${authority}${pathAbEmpty}`,
  `\\/(?:${pchar}+${pathAbEmpty})?`,
  `${pchar}+${pathAbEmpty}`,
  `\\/\\/\\/${pchar}*${pathAbEmpty}`,
].join('|');
const query = `(?:\\?[${pchar.slice(1, -1)}\\/?]*(?=#|$))?`;
const fragment = `(?:#[${pchar.slice(1, -1)}\\/?]*)?`;
// Joi's guard: never "http:/x", "http:///x" or "http:x" (an http URL without a host).
const noHostlessHttp = '(?=.)(?!https?:\\/(?:$|[^/]))(?!https?:\\/\\/\\/)(?!https?:[^/])';

/** A URI whose scheme is one of `schemes` (matched case-sensitively, as Joi did). */
export function uriPattern(schemes: readonly string[]): RegExp {
  const scheme = schemes.map((s) => s.replace(/[.+-]/g, '\\$&')).join('|');
  return new RegExp(`^${noHostlessHttp}(?:${scheme}):(?:${hierPart})${query}${fragment}$`);
}
