import { useLocation } from '../router';
import { useSignInProviders } from './use-sign-in-providers';
import { describeReason } from './reasons';

/**
 * "Continue with <label>" for each configured provider (none configured: nothing at all), and what
 * the last attempt's `?error=` meant. Plain links: the browser itself goes to the provider and back.
 */
export function ProviderButtons({ returnTo }: { returnTo?: string }) {
  const providers = useSignInProviders();
  const { params } = useLocation();
  const refusal = describeReason(params.get('error'));
  return (
    <>
      {refusal && (
        <p className="notice notice-error" role="alert">
          {refusal}
        </p>
      )}
      {providers.length > 0 && (
        <div className="providers">
          <ul className="provider-list" aria-label="Other ways to continue">
            {providers.map((provider) => (
              <li key={provider.id}>
                <a className="button button-secondary provider-button" href={startUrl(provider.url, returnTo)}>
                  Continue with {provider.label}
                </a>
              </li>
            ))}
          </ul>
          <p className="providers-or" aria-hidden="true">
            or
          </p>
        </div>
      )}
    </>
  );
}

function startUrl(url: string, returnTo?: string): string {
  return returnTo && returnTo !== '/' ? `${url}?returnTo=${encodeURIComponent(returnTo)}` : url;
}
