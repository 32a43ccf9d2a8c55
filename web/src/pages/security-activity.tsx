import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { Notice } from '../components/form';
import { describeError, type Problem } from '../errors';
import { deviceName, when } from './describe';
import { SECURITY_EVENTS } from './operations';

const PAGE = 20;

const EVENT_NAMES: Record<string, string> = {
  SIGNUP: 'Account created',
  LOGIN_SUCCEEDED: 'Logged in',
  LOGIN_FAILED: 'Failed login attempt',
  LOGOUT: 'Logged out',
  REFRESH_REUSE_DETECTED: 'Stolen session stopped (a refresh token was reused)',
  SESSION_REVOKED: 'Session revoked',
  PASSWORD_CHANGED: 'Password changed',
  ACCOUNT_DELETED: 'Account deleted',
  PASSWORD_RESET_REQUESTED: 'Password reset link requested',
  PASSWORD_RESET: 'Password reset',
  EMAIL_VERIFICATION_REQUESTED: 'Verification link requested',
  EMAIL_VERIFIED: 'Email address confirmed',
  TWO_FACTOR_ENABLED: 'Two-factor authentication turned on',
  TWO_FACTOR_DISABLED: 'Two-factor authentication turned off',
  TWO_FACTOR_FAILED: 'Wrong two-factor code',
  RECOVERY_CODE_USED: 'Recovery code used',
  RECOVERY_CODES_REGENERATED: 'New recovery codes made',
  REAUTHENTICATED: 'Identity confirmed again',
  PASSKEY_ADDED: 'Passkey added',
  PASSKEY_REMOVED: 'Passkey removed',
  PASSKEY_LOGIN: 'Logged in with a passkey',
  PASSKEY_REJECTED: 'Passkey refused',
};

export function SecurityActivityPage() {
  const { data, loading, error, fetchMore } = useQuery(SECURITY_EVENTS, {
    variables: { first: PAGE },
    fetchPolicy: 'network-only',
  });
  const [more, setMore] = useState<{ busy: boolean; problem: Problem | null }>({ busy: false, problem: null });
  const connection = data?.securityEvents;

  const loadMore = async () => {
    if (!connection?.pageInfo.endCursor) return;
    setMore({ busy: true, problem: null });
    try {
      await fetchMore({
        variables: { first: PAGE, after: connection.pageInfo.endCursor },
        updateQuery: (previous, { fetchMoreResult }) => ({
          securityEvents: {
            edges: [...previous.securityEvents.edges, ...fetchMoreResult.securityEvents.edges],
            pageInfo: fetchMoreResult.securityEvents.pageInfo,
          },
        }),
      });
      setMore({ busy: false, problem: null });
    } catch (e) {
      setMore({ busy: false, problem: describeError(e) });
    }
  };

  return (
    <section className="card wide" aria-labelledby="activity-title">
      <h1 id="activity-title">Security activity</h1>
      <p className="lead">Sign-ins, sign-outs and changes to your account, newest first.</p>
      {loading && !data && (
        <p className="loading" role="status">
          Loading activity…
        </p>
      )}
      {error && <Notice problem={describeError(error)} />}
      {connection && (
        <div className="table-wrap">
          <table className="events">
            <caption className="visually-hidden">Security events, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">What</th>
                <th scope="col">IP</th>
                <th scope="col">Device</th>
              </tr>
            </thead>
            <tbody>
              {connection.edges.map(({ node }) => (
                <tr key={node.id}>
                  <td data-label="When">{when(node.occurredAt)}</td>
                  <td data-label="What">
                    {EVENT_NAMES[node.type] ?? node.type}
                    {node.detail && <span className="muted"> ({node.detail.toLowerCase()})</span>}
                  </td>
                  <td data-label="IP">{node.ip ?? '—'}</td>
                  <td data-label="Device" title={node.userAgent ?? undefined}>
                    {deviceName(node.userAgent)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Notice problem={more.problem} />
      {connection?.pageInfo.hasNextPage && (
        <div className="actions">
          <button
            type="button"
            className="button button-secondary"
            onClick={() => void loadMore()}
            disabled={more.busy}
            aria-busy={more.busy}
          >
            Show older activity
          </button>
        </div>
      )}
    </section>
  );
}
