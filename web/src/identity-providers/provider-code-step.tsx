import { useState } from 'react';
import { CodeField, Notice, Submit, submitted } from '../components/form';
import { useAction } from '../components/use-action';
import { navigate } from '../router';
import { useSession } from '../session/session-context';
import { VERIFY_PROVIDER_SIGN_IN } from './operations';

const WORDING = {
  UNAUTHENTICATED: 'This sign-in has expired or ended. Please start again.',
  INVALID_CODE: 'That code is not right, or was already used.',
};

/** The challenge a provider sign-in of an account with two-factor on earned (in the address's fragment), or null. */
export function providerChallenge(): string | null {
  return new URLSearchParams(window.location.hash.slice(1)).get('challenge');
}

/** After a provider sign-in of an account with two-factor on: the code from the authenticator app, or a recovery code. */
export function ProviderCodeStep({ challenge }: { challenge: string }) {
  const { store, client } = useSession();
  const [code, setCode] = useState('');
  const { run, busy, problem } = useAction(async () => {
    const { data } = await client.mutate({ mutation: VERIFY_PROVIDER_SIGN_IN, variables: { challenge, code } });
    if (!data) return;
    await client.clearStore();
    store.signedIn(data.verifyTwoFactor);
    navigate('/', { replace: true });
  }, WORDING);
  return (
    <section className="card narrow" aria-labelledby="code-title">
      <h1 id="code-title">Two-factor authentication</h1>
      <p className="muted">Enter the code from your authenticator app, or one of your recovery codes.</p>
      <form onSubmit={submitted(() => void run())} noValidate>
        <CodeField label="Code" acceptsRecovery value={code} onChange={setCode} error={problem?.fields.code} />
        <Notice problem={problem} />
        <Submit busy={busy}>Verify</Submit>
      </form>
    </section>
  );
}
