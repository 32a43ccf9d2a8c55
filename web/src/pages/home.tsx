import { Notice } from '../components/form';
import { useAction } from '../components/use-action';
import { Link } from '../router';
import { useSession } from '../session/session-context';
import { REQUEST_EMAIL_VERIFICATION } from './operations';
import { useState } from 'react';

export function HomePage() {
  const { state, store } = useSession();
  const notice = store.notice;
  if (state.status !== 'signed-in') {
    return (
      <section className="card hero" aria-labelledby="home-title">
        {notice && (
          <p className="notice notice-success" role="status">
            {notice}
          </p>
        )}
        <h1 id="home-title">Welcome to Doorman</h1>
        <p className="lead">Sign in once, see where you are signed in, and end any session from here.</p>
        <div className="actions">
          <Link to="/login" className="button">
            Log in to your account
          </Link>
          <Link to="/signup" className="button button-secondary">
            Create an account
          </Link>
        </div>
      </section>
    );
  }
  const { user } = state;
  return (
    <section className="card" aria-labelledby="home-title">
      <h1 id="home-title">Hello, {user.name}</h1>
      <dl className="facts">
        <div>
          <dt>Name</dt>
          <dd data-testid="viewer-name">{user.name}</dd>
        </div>
        <div>
          <dt>Email</dt>
          <dd data-testid="viewer-email">{user.email}</dd>
        </div>
        <div>
          <dt>Address</dt>
          <dd>
            {user.emailVerified ? (
              <span className="badge badge-ok">Verified</span>
            ) : (
              <span className="badge badge-warn">Not verified yet</span>
            )}
          </dd>
        </div>
      </dl>
      {!user.emailVerified && <ResendVerification />}
      <p className="muted">
        See <Link to="/sessions">where you are signed in</Link> or <Link to="/security">what happened lately</Link>.
      </p>
    </section>
  );
}

function ResendVerification() {
  const { client } = useSession();
  const [sent, setSent] = useState(false);
  const { run, busy, problem } = useAction(async () => {
    await client.mutate({ mutation: REQUEST_EMAIL_VERIFICATION });
    setSent(true);
  });
  return (
    <div className="inline-panel">
      <p>We sent a link to your address when you signed up. Follow it to confirm the address is yours.</p>
      <Notice problem={problem} success={sent && 'A new link is on its way. Older links no longer work.'} />
      <button
        type="button"
        className="button button-secondary"
        onClick={() => void run()}
        disabled={busy}
        aria-busy={busy}
      >
        Send a new link
      </button>
    </div>
  );
}
