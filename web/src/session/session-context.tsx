import { ApolloClient } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { createContext, type ReactNode, useContext, useEffect, useMemo, useSyncExternalStore } from 'react';
import { createApolloClient } from './apollo';
import { SessionStore, type SessionState } from './session-store';
import { VIEWER } from './viewer';

interface SessionContextValue {
  store: SessionStore;
  client: ApolloClient;
}

const SessionContext = createContext<SessionContextValue | null>(null);

/** Reads who is signed in once at start (refreshing the cookies if need be), and shares the client. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const value = useMemo(() => {
    const store = new SessionStore();
    return { store, client: createApolloClient(store) };
  }, []);

  useEffect(() => {
    const { store, client } = value;
    client.query({ query: VIEWER, fetchPolicy: 'network-only' }).then(
      ({ data }) => {
        if (store.state.status === 'loading' || data?.viewer) store.viewerLoaded(data?.viewer ?? null);
      },
      // The link has refreshed once already; the store knows whether a session ended.
      () => {
        if (store.state.status === 'loading') store.signedOut(false);
      },
    );
    // The previous person's answers must not show to the next one.
    return store.subscribe(() => {
      if (store.state.status === 'signed-out') void client.clearStore();
    });
  }, [value]);

  return (
    <SessionContext.Provider value={value}>
      <ApolloProvider client={value.client}>{children}</ApolloProvider>
    </SessionContext.Provider>
  );
}

function useSessionContext(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

export function useSession(): { state: SessionState; store: SessionStore; client: ApolloClient } {
  const { store, client } = useSessionContext();
  const state = useSyncExternalStore(store.subscribe, store.getSnapshot);
  return { state, store, client };
}
