import { useState } from 'react';
import { ProviderButtons } from '../identity-providers/provider-buttons';
import { Field, Notice, Submit, submitted } from '../components/form';
import { useAction } from '../components/use-action';
import { Link, navigate } from '../router';
import { useSession } from '../session/session-context';
import { SIGNUP } from './operations';

export function SignupPage() {
  const { store, client } = useSession();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { run, busy, problem } = useAction(async () => {
    const { data } = await client.mutate({ mutation: SIGNUP, variables: { input: { name, email, password } } });
    if (!data) return;
    await client.clearStore();
    store.signedIn(data.signup);
    navigate('/', { replace: true });
  });
  // EMAIL_TAKEN belongs next to the email field.
  const emailError = problem?.fields.email ?? (problem?.code === 'EMAIL_TAKEN' ? problem.message : undefined);

  return (
    <section className="card narrow" aria-labelledby="signup-title">
      <h1 id="signup-title">Sign up</h1>
      <ProviderButtons />
      <form onSubmit={submitted(() => void run())} noValidate>
        <Field
          label="Name"
          name="name"
          autoComplete="name"
          required
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={problem?.fields.name}
        />
        <Field
          label="Email"
          type="email"
          name="email"
          autoComplete="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={emailError}
        />
        <Field
          label="Password"
          type="password"
          name="password"
          autoComplete="new-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={problem?.fields.password}
          hint="Longer is stronger: a few unrelated words make a good password."
        />
        <Notice problem={problem?.code === 'EMAIL_TAKEN' ? null : problem} />
        <Submit busy={busy}>Sign up</Submit>
      </form>
      <p className="form-footer">
        <span>
          Have an account? <Link to="/login">Log in instead</Link>
        </span>
      </p>
    </section>
  );
}
