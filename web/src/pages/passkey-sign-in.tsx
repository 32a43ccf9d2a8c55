import {
  browserSupportsWebAuthnAutofill,
  type PublicKeyCredentialRequestOptionsJSON,
  startAuthentication,
} from '@simplewebauthn/browser';
import { useCallback, useRef } from 'react';
import { useAction } from '../components/use-action';
import { Notice } from '../components/form';
import { useSession } from '../session/session-context';
import type { SignedInPayload } from '../session/viewer';
import { FINISH_PASSKEY_LOGIN, START_PASSKEY_LOGIN } from './operations';

// Every refusal reads the same from the API: which check failed is not the person's to know.
const WORDING = { UNAUTHENTICATED: 'That passkey did not work here. Try again, or log in with your password.' };

/**
 * A passkey sign-in: the API's challenge, the browser's passkey prompt (or its autofill), the answer.
 * With an email, only a passkey of that account is accepted (the second step of a login).
 */
export function usePasskeySignIn() {
  const { client } = useSession();
  return useCallback(
    async (email?: string, autofill = false): Promise<SignedInPayload | null> => {
      const { data } = await client.mutate({ mutation: START_PASSKEY_LOGIN, variables: { email: email ?? null } });
      if (!data) return null;
      const { challenge, options } = data.startPasskeyLogin;
      const response = await startAuthentication({
        optionsJSON: options as unknown as PublicKeyCredentialRequestOptionsJSON,
        useBrowserAutofill: autofill,
      });
      const finished = await client.mutate({ mutation: FINISH_PASSKEY_LOGIN, variables: { challenge, response } });
      return finished.data?.finishPasskeyLogin ?? null;
    },
    [client],
  );
}

/** "Log in with a passkey": no email typed, the browser offers the passkeys it holds for this site. */
export function PasskeyLoginButton({
  email,
  label = 'Log in with a passkey',
  onSignedIn,
}: {
  email?: string;
  label?: string;
  onSignedIn: (payload: SignedInPayload) => Promise<void>;
}) {
  const signIn = usePasskeySignIn();
  const { run, busy, problem } = useAction(async () => {
    const payload = await signIn(email);
    if (payload) await onSignedIn(payload);
  }, WORDING);
  return (
    <div className="passkey-login">
      <Notice problem={problem} />
      <button
        type="button"
        className="button button-secondary"
        onClick={() => void run()}
        disabled={busy}
        aria-busy={busy}
      >
        {label}
      </button>
    </div>
  );
}

/**
 * Passkey autofill: once the person starts on the email field, the browser may list its passkeys
 * there (conditional mediation). Started on focus rather than on page load, so merely showing the
 * page mints no challenge.
 */
export function usePasskeyAutofill(onSignedIn: (payload: SignedInPayload) => Promise<void>) {
  const signIn = usePasskeySignIn();
  const started = useRef(false);
  return useCallback(() => {
    if (started.current) return;
    started.current = true;
    void browserSupportsWebAuthnAutofill().then(async (supported) => {
      if (!supported) return;
      try {
        const payload = await signIn(undefined, true);
        if (payload) await onSignedIn(payload);
      } catch {
        // Cancelled (the button or the password took over), or refused: the form is still there.
        started.current = false;
      }
    });
  }, [signIn, onSignedIn]);
}
