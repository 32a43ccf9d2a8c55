import { useState } from 'react';
import { Field, Notice, Submit, submitted } from '../components/form';
import { useAction } from '../components/use-action';
import { Link } from '../router';
import { useSession } from '../session/session-context';
import { REQUEST_PASSWORD_RESET } from './operations';

export function ForgotPasswordPage() {
  const { client } = useSession();
  const [email, setEmail] = useState('');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const { run, busy, problem } = useAction(async () => {
    await client.mutate({ mutation: REQUEST_PASSWORD_RESET, variables: { email } });
    setSentTo(email);
  });
  return (
    <section className="card narrow" aria-labelledby="forgot-title">
      <h1 id="forgot-title">Forgot your password?</h1>
      <p>Enter the address you signed up with. If it has an account, we email it a link to set a new password.</p>
      <form onSubmit={submitted(() => void run())} noValidate>
        <Field
          label="Email"
          type="email"
          name="email"
          autoComplete="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={problem?.fields.email}
        />
        <Notice
          problem={problem}
          success={sentTo && `If ${sentTo} has an account, a link is on its way. It works once, for a short while.`}
        />
        <Submit busy={busy}>Send reset link</Submit>
      </form>
      <p className="form-footer">
        <Link to="/login">Back to Log in</Link>
      </p>
    </section>
  );
}
