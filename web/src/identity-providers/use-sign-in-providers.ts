import { useEffect, useState } from 'react';
import { postGraphQL } from '../session/transport';
import type { SignInProvider } from './operations';

const QUERY = 'query SignInProviders { signInProviders { id label url } }';
let loaded: Promise<SignInProvider[]> | null = null;

/**
 * The configured providers, asked once per page load (the server's configuration does not change
 * under it). Not through Apollo's cache: signing out clears that cache, and with it a query that
 * Log in had just started; this list belongs to nobody.
 */
export function useSignInProviders(): SignInProvider[] {
  const [providers, setProviders] = useState<SignInProvider[]>([]);
  useEffect(() => {
    let live = true;
    loaded ??= postGraphQL<{ signInProviders: SignInProvider[] }>(QUERY, 'SignInProviders').then(
      (res) => res.data?.signInProviders ?? [],
      () => {
        loaded = null;
        return [];
      },
    );
    void loaded.then((list) => {
      if (live) setProviders(list);
    });
    return () => {
      live = false;
    };
  }, []);
  return providers;
}
