import { useState } from 'react';
import { Notice } from '../components/form';
import { useAction } from '../components/use-action';
import { Link, useLocation } from '../router';
import { useSession } from '../session/session-context';
import { VIEWER } from '../session/viewer';
import { VERIFY_EMAIL } from './operations';
import { MissingToken } from './token-page';

/**
 * The token is spent only when the person presses the button: mail scanners open links, and
 * opening this page must not use the link up.
 */
export function VerifyEmailPage() {
  const { state, store, client } = useSession();
  const token = useLocation().params.get('token');
  const [done, setDone] = useState(false);
  const { run, busy, problem } = useAction(async () => {
    await client.mutate({ mutation: VERIFY_EMAIL, variables: { token: token ?? '' } });
    setDone(true);
    if (store.state.status === 'signed-in') {
      const { data } = await client.query({ query: VIEWER, fetchPolicy: 'network-only' });
      if (data?.viewer) store.viewerLoaded(data.viewer);
    }
  });

  if (!token) return <MissingToken title="Confirm your email address">{null}</MissingToken>;
  if (done) {
    return (
      <section className="card narrow" aria-labelledby="verify-title">
        <h1 id="verify-title">Your address is confirmed</h1>
        <p className="notice notice-success" role="status">
          Thank you: your email address is verified.
        </p>
        <p>
          <Link to={state.status === 'signed-in' ? '/' : '/login'} className="button">
            {state.status === 'signed-in' ? 'Go to the home page' : 'Go to Log in'}
          </Link>
        </p>
      </section>
    );
  }
  return (
    <section className="card narrow" aria-labelledby="verify-title">
      <h1 id="verify-title">Confirm your email address</h1>
      <p>Press the button to confirm that this address is yours. The link works once.</p>
      <Notice problem={problem} />
      <button type="button" className="button" onClick={() => void run()} disabled={busy} aria-busy={busy}>
        Confirm my address
      </button>
    </section>
  );
}
