import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { Notice } from '../components/form';
import { useAction } from '../components/use-action';
import { useLocation } from '../router';
import { IDENTITIES, UNLINK_IDENTITY } from './operations';
import { useSignInProviders } from './use-sign-in-providers';
import { describeReason } from './reasons';

const WORDING = {
  REAUTHENTICATION_REQUIRED: 'For your safety, log in again (within the last few minutes) before unlinking.',
};

/** The Account page's "Linked accounts": each configured provider, linked (with Unlink) or not (with Link). */
export function LinkedAccounts() {
  const configured = useSignInProviders();
  const identities = useQuery(IDENTITIES, { fetchPolicy: 'cache-and-network' });
  const [unlink] = useMutation(UNLINK_IDENTITY);
  const { params } = useLocation();
  const [unlinked, setUnlinked] = useState<string | null>(null);
  const { run, busy, problem } = useAction(async (provider: string) => {
    setUnlinked(null);
    await unlink({ variables: { provider } });
    await identities.refetch();
    setUnlinked(provider);
  }, WORDING);

  const linked = identities.data?.viewer?.identities ?? [];
  if (configured.length === 0 && linked.length === 0) return null;
  const labelOf = (id: string) => configured.find((p) => p.id === id)?.label ?? id;
  const justLinked = params.get('linked');
  const refusal = describeReason(params.get('error'));

  return (
    <section className="card" aria-labelledby="linked-title">
      <h2 id="linked-title">Linked accounts</h2>
      <p className="muted">Sign in with these as well as (or instead of) your password.</p>
      {refusal && (
        <p className="notice notice-error" role="alert">
          {refusal}
        </p>
      )}
      <Notice
        problem={problem}
        success={
          (unlinked && `${labelOf(unlinked)} is unlinked.`) ||
          (justLinked && !unlinked && `${labelOf(justLinked)} is linked: you can now sign in with it.`)
        }
      />
      <ul className="identity-list">
        {configured.map((provider) => {
          const identity = linked.find((i) => i.provider === provider.id);
          return (
            <li key={provider.id} className="identity">
              <div>
                <strong>{provider.label}</strong>
                <span className="muted">
                  {identity
                    ? ` ${identity.email ?? 'linked'} · since ${new Date(identity.linkedAt).toLocaleDateString()}`
                    : ' not linked'}
                </span>
              </div>
              {identity ? (
                <button
                  type="button"
                  className="button button-secondary button-small"
                  disabled={busy}
                  aria-busy={busy}
                  aria-label={`Unlink ${provider.label}`}
                  onClick={() => void run(provider.id)}
                >
                  Unlink
                </button>
              ) : (
                <a
                  className="button button-secondary button-small"
                  href={`${provider.url}?link=1`}
                  aria-label={`Link ${provider.label}`}
                >
                  Link
                </a>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
