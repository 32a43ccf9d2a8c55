// Monaco's workers (the editor behind GraphiQL), bundled by Vite: nothing loads from a CDN.
import 'graphiql/setup-workers/vite';
import { createGraphiQLFetcher, type Storage } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './graphiql.css';

// Same origin as the API: the browser sends the web client's HttpOnly session cookie, so a person
// signed in there can ask for `viewer` here. The headers editor adds more (e.g. Authorization).
const fetcher = createGraphiQLFetcher({
  url: '/graphql',
  headers: { 'apollo-require-preflight': 'true' },
  fetch: (input, init) => fetch(input, { ...init, credentials: 'same-origin' }),
});

// Nothing typed here outlives the page: by default GraphiQL keeps each tab's variables (passwords,
// codes, reset tokens) and its history in localStorage, where any script of this origin can read them.
const items = new Map<string, string>();
const pageStorage: Storage = {
  getItem: (key) => items.get(key) ?? null,
  setItem: (key, value) => void items.set(key, value),
  removeItem: (key) => void items.delete(key),
  clear: () => items.clear(),
  get length() {
    return items.size;
  },
};

const DEFAULT_QUERY = `# Signed in on the web client? Its session cookie comes along, so this asks who you are:
query Viewer {
  viewer {
    id
    name
    email
    emailVerified
  }
}
`;

createRoot(document.getElementById('graphiql')!).render(
  <StrictMode>
    <GraphiQL
      fetcher={fetcher}
      storage={pageStorage}
      defaultQuery={DEFAULT_QUERY}
      defaultHeaders={JSON.stringify({ 'X-Auth-Transport': 'cookie' }, null, 2)}
      isHeadersEditorEnabled
    />
  </StrictMode>,
);
