import { useState } from 'react';
import { Field, Notice, Submit, submitted } from '../components/form';
import { useAction } from '../components/use-action';
import { Link, useLocation } from '../router';
import { useSession } from '../session/session-context';
import { RESET_PASSWORD } from './operations';
import { MissingToken } from './token-page';

export function ResetPasswordPage() {
  const { store, client } = useSession();
  const token = useLocation().params.get('token');
  const [newPassword, setNewPassword] = useState('');
  const [done, setDone] = useState(false);
  const { run, busy, problem } = useAction(async () => {
    await client.mutate({ mutation: RESET_PASSWORD, variables: { input: { token: token ?? '', newPassword } } });
    // A reset ends every session of the account, this browser's too.
    if (store.state.status === 'signed-in') store.signedOut(false);
    setDone(true);
  });

  if (!token) {
    return (
      <MissingToken title="Set a new password">
        <p>
          Or <Link to="/forgot-password">ask for a new link</Link>.
        </p>
      </MissingToken>
    );
  }
  if (done) {
    return (
      <section className="card narrow" aria-labelledby="reset-title">
        <h1 id="reset-title">Your new password is set</h1>
        <p className="notice notice-success" role="status">
          Every session of your account has ended, on every device. Log in with your new password.
        </p>
        <p>
          <Link to="/login" className="button">
            Go to Log in
          </Link>
        </p>
      </section>
    );
  }
  return (
    <section className="card narrow" aria-labelledby="reset-title">
      <h1 id="reset-title">Set a new password</h1>
      <p>Choose a new password. Setting it ends every session of your account, wherever it is.</p>
      <form onSubmit={submitted(() => void run())} noValidate>
        <Field
          label="New password"
          type="password"
          name="newPassword"
          autoComplete="new-password"
          required
          value={newPassword}
          onChange={(e) => setNewPassword(e.target.value)}
          error={problem?.fields.newPassword}
        />
        <Notice problem={problem} />
        <Submit busy={busy}>Set new password</Submit>
      </form>
      {problem?.code === 'INVALID_TOKEN' && (
        <p className="form-footer">
          <Link to="/forgot-password">Ask for a new link</Link>
        </p>
      )}
    </section>
  );
}
