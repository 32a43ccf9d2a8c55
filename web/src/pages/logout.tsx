import { Notice } from '../components/form';
import { useAction } from '../components/use-action';
import { navigate } from '../router';
import { useSession } from '../session/session-context';
import { LOGOUT } from './operations';

/** Ends this device's session; the server clears both cookies. */
export function useLogout() {
  const { store, client } = useSession();
  return useAction(async () => {
    try {
      await client.mutate({ mutation: LOGOUT, variables: { scope: 'CURRENT' } });
    } catch (error) {
      // A session that had already ended is as logged out as can be.
      if (store.state.status === 'signed-in') throw error;
    }
    store.signedOut(false, 'You have logged out.');
    navigate('/', { replace: true });
  });
}

export function LogoutPage() {
  const { state } = useSession();
  const { run, busy, problem } = useLogout();
  return (
    <section className="card narrow" aria-labelledby="logout-title">
      <h1 id="logout-title">Log out</h1>
      <p>
        {state.status === 'signed-in' ? `You are signed in as ${state.user.email}. ` : ''}
        Logging out ends this device's session at once; your other devices stay signed in.
      </p>
      <Notice problem={problem} />
      <button type="button" className="button" onClick={() => void run()} disabled={busy} aria-busy={busy}>
        Log out
      </button>
    </section>
  );
}
