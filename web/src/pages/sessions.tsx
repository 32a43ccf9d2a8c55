import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { Notice } from '../components/form';
import { useAction } from '../components/use-action';
import { describeError } from '../errors';
import { useSession } from '../session/session-context';
import { deviceName, when } from './describe';
import { LOGOUT, REVOKE_SESSION, SESSIONS, type SessionRow } from './operations';

export function SessionsPage() {
  const { client } = useSession();
  const { data, loading, error, refetch } = useQuery(SESSIONS, { fetchPolicy: 'network-only' });
  const [done, setDone] = useState<string | null>(null);
  const others = useAction(async () => {
    await client.mutate({ mutation: LOGOUT, variables: { scope: 'OTHERS' } });
    await refetch();
    setDone('Every other session has ended.');
  });
  const sessions = data?.sessions ?? [];
  const hasOthers = sessions.some((session) => !session.current);

  return (
    <section className="card wide" aria-labelledby="sessions-title">
      <h1 id="sessions-title">Sessions</h1>
      <p className="lead">
        Where you are signed in now. Revoking a session signs that device out at once; it has to log in again.
      </p>
      {loading && !data && (
        <p className="loading" role="status">
          Loading sessions…
        </p>
      )}
      {error && <Notice problem={describeError(error)} />}
      <Notice problem={others.problem} success={done} />
      {data && (
        <ul className="session-list" aria-label="Your sessions">
          {sessions.map((session) => (
            <SessionItem
              key={session.id}
              session={session}
              onRevoked={() => {
                setDone(`${deviceName(session.userAgent)} is signed out.`);
                void refetch();
              }}
            />
          ))}
        </ul>
      )}
      {hasOthers && (
        <div className="actions">
          <button
            type="button"
            className="button button-secondary"
            onClick={() => void others.run()}
            disabled={others.busy}
            aria-busy={others.busy}
          >
            Log out everywhere else
          </button>
        </div>
      )}
    </section>
  );
}

function SessionItem({ session, onRevoked }: { session: SessionRow; onRevoked: () => void }) {
  const { client } = useSession();
  const { run, busy, problem } = useAction(async () => {
    await client.mutate({ mutation: REVOKE_SESSION, variables: { id: session.id } });
    onRevoked();
  });
  const labelId = `session-${session.id}`;
  return (
    <li className={session.current ? 'session current' : 'session'} aria-labelledby={labelId}>
      <div className="session-main">
        <p className="session-device" id={labelId}>
          {deviceName(session.userAgent)}
          {session.current && <span className="badge badge-ok">This device</span>}
        </p>
        <p className="session-meta">
          <span>IP {session.ip ?? 'unknown'}</span>
          <span>Signed in {when(session.createdAt)}</span>
          <span>Last active {when(session.lastSeenAt)}</span>
        </p>
        <p className="session-agent">{session.userAgent ?? 'No user agent was sent.'}</p>
        {problem && (
          <p className="field-error" role="alert">
            {problem.message}
          </p>
        )}
      </div>
      {!session.current && (
        <button
          type="button"
          className="button button-danger button-small"
          onClick={() => void run()}
          disabled={busy}
          aria-busy={busy}
          aria-describedby={labelId}
        >
          Revoke
        </button>
      )}
    </li>
  );
}
