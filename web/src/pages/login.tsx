import { useState } from 'react';
import { ProviderButtons } from '../identity-providers/provider-buttons';
import { ProviderCodeStep, providerChallenge } from '../identity-providers/provider-code-step';
import { Field, Notice, Submit, submitted } from '../components/form';
import { useAction } from '../components/use-action';
import { errorExtensions } from '../errors';
import { Link, localPath, navigate, useLocation } from '../router';
import { useSession } from '../session/session-context';
import type { SignedInPayload } from '../session/viewer';
import { type SecondFactorChallenge, SecondFactorStep } from './login-second-factor';
import { LOGIN } from './operations';
import { PasskeyLoginButton, usePasskeyAutofill } from './passkey-sign-in';

const WORDING = { UNAUTHENTICATED: 'The email or the password is not right.' };

export function LoginPage() {
  const { store, client } = useSession();
  const { params } = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [secondFactor, setSecondFactor] = useState<SecondFactorChallenge | null>(null);
  const signedIn = async (payload: SignedInPayload) => {
    await client.clearStore();
    store.signedIn(payload);
    navigate(localPath(params.get('next')), { replace: true });
  };
  const autofill = usePasskeyAutofill(signedIn);
  const { run, busy, problem } = useAction(async () => {
    try {
      const { data } = await client.mutate({ mutation: LOGIN, variables: { input: { email, password } } });
      if (data) await signedIn(data.login);
    } catch (error) {
      const extensions = errorExtensions(error);
      if (extensions?.code !== 'TWO_FACTOR_REQUIRED' || !extensions.challenge) throw error;
      setSecondFactor({ challenge: extensions.challenge, methods: extensions.methods ?? [] });
    }
  }, WORDING);
  const ended = params.get('session') === 'ended';
  const asked = !ended && params.has('next');
  const challenge = providerChallenge();
  if (challenge) return <ProviderCodeStep challenge={challenge} />;

  if (secondFactor) {
    return (
      <SecondFactorStep
        email={email}
        challenge={secondFactor}
        onSignedIn={signedIn}
        onRestart={() => {
          setPassword('');
          setSecondFactor(null);
        }}
      />
    );
  }

  return (
    <section className="card narrow" aria-labelledby="login-title">
      <h1 id="login-title">Log in</h1>
      {ended && (
        <p className="notice notice-info" role="status">
          Your session has ended: it was logged out from another device, or it expired. Please log in again.
        </p>
      )}
      {asked && (
        <p className="notice notice-info" role="status">
          Please log in to see that page.
        </p>
      )}
      <ProviderButtons returnTo={localPath(params.get('next'))} />
      <form onSubmit={submitted(() => void run())} noValidate>
        <Field
          label="Email"
          type="email"
          name="email"
          autoComplete="username webauthn"
          required
          value={email}
          onFocus={autofill}
          onChange={(e) => setEmail(e.target.value)}
          error={problem?.fields.email}
        />
        <Field
          label="Password"
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={problem?.fields.password}
        />
        <Notice problem={problem} />
        <Submit busy={busy}>Log in</Submit>
      </form>
      <p className="divider">or</p>
      <PasskeyLoginButton onSignedIn={signedIn} />
      <p className="form-footer">
        <Link to="/forgot-password">Forgot your password?</Link>
        <span>
          New here? <Link to="/signup">Create an account</Link>
        </span>
      </p>
    </section>
  );
}
