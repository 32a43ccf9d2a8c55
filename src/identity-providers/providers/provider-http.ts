import { ProviderFlowError } from '../identity-provider.errors';

const TIMEOUT_MS = 10_000;

/**
 * A JSON request to a provider, bounded in time. Any failure (network, status, not JSON) is a
 * `provider_error` whose detail goes to the log; the provider's own words never reach the person.
 */
export async function providerJson(url: string, init: RequestInit = {}): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, {
      ...init,
      redirect: 'error',
      signal: AbortSignal.timeout(TIMEOUT_MS),
      headers: { accept: 'application/json', 'user-agent': 'Doorman', ...init.headers },
    });
  } catch (error) {
    throw new ProviderFlowError('provider_error', `${url}: ${error instanceof Error ? error.message : 'failed'}`);
  }
  const text = await res.text().catch(() => '');
  if (!res.ok) throw new ProviderFlowError('provider_error', `${url} answered ${res.status}`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ProviderFlowError('provider_error', `${url} answered something other than JSON`);
  }
}

/** A form POST (a token endpoint), answered in JSON. */
export function postForm(url: string, form: Record<string, string>, headers: Record<string, string> = {}) {
  return providerJson(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A field that must be a non-empty string, or a provider_error naming it. */
export function stringField(body: unknown, field: string, where: string): string {
  const value = isRecord(body) ? body[field] : undefined;
  if (typeof value !== 'string' || value === '') {
    throw new ProviderFlowError('provider_error', `${where} has no ${field}`);
  }
  return value;
}
