import { useState } from 'react';
import { CodeField, Field, Notice, Submit, submitted } from '../components/form';
import { useAction } from '../components/use-action';
import { useSession } from '../session/session-context';
import type { SignedInPayload } from '../session/viewer';
import { VERIFY_TWO_FACTOR } from './operations';
import { PasskeyLoginButton } from './passkey-sign-in';

/** TWO_FACTOR_REQUIRED's extensions: the challenge verifyTwoFactor takes, and how it may be answered. */
export interface SecondFactorChallenge {
  challenge: string;
  methods: string[];
}

// A spent, expired or ended challenge: the password step has to be done again.
const WORDING = { UNAUTHENTICATED: 'This login has expired or had too many wrong codes. Please log in again.' };

/** The second step of a login with two-factor on: a code from the app, or a recovery code. */
export function SecondFactorStep({
  email,
  challenge,
  onSignedIn,
  onRestart,
}: {
  /** The account's address: a passkey answering this step must be one of its own. */
  email: string;
  challenge: SecondFactorChallenge;
  onSignedIn: (payload: SignedInPayload) => Promise<void>;
  onRestart: () => void;
}) {
  const { client } = useSession();
  const [recovery, setRecovery] = useState(false);
  const [code, setCode] = useState('');
  const { run, busy, problem, setProblem } = useAction(async () => {
    const { data } = await client.mutate({
      mutation: VERIFY_TWO_FACTOR,
      variables: { challenge: challenge.challenge, code: code.trim() },
    });
    if (data) await onSignedIn(data.verifyTwoFactor);
  }, WORDING);
  const canUseRecovery = challenge.methods.includes('RECOVERY_CODE');
  const switchKind = () => {
    setRecovery(!recovery);
    setCode('');
    setProblem(null);
  };

  return (
    <section className="card narrow" aria-labelledby="second-factor-title">
      <h1 id="second-factor-title">Two-factor authentication</h1>
      <p className="muted">
        {recovery
          ? 'Enter one of the recovery codes you saved when you turned two-factor on. Each works once.'
          : 'Enter the 6-digit code your authenticator app shows for Doorman.'}
      </p>
      <form onSubmit={submitted(() => void run())} noValidate>
        {recovery ? (
          <Field
            key="recovery"
            label="Recovery code"
            name="recoveryCode"
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            required
            autoFocus
            value={code}
            onChange={(e) => setCode(e.target.value)}
            error={problem?.fields.code}
          />
        ) : (
          <CodeField key="code" autoFocus value={code} onChange={setCode} error={problem?.fields.code} />
        )}
        <Notice problem={problem} />
        <Submit busy={busy}>Verify</Submit>
      </form>
      {challenge.methods.includes('PASSKEY') && (
        <>
          <p className="divider">or</p>
          <PasskeyLoginButton email={email} label="Use a passkey instead" onSignedIn={onSignedIn} />
        </>
      )}
      <p className="form-footer">
        {canUseRecovery && (
          <button type="button" className="link-button" onClick={switchKind}>
            {recovery ? 'Use your authenticator app instead' : 'Use a recovery code instead'}
          </button>
        )}
        <button type="button" className="link-button" onClick={onRestart}>
          Start over
        </button>
      </p>
    </section>
  );
}
