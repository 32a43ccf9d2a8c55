import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run dev:web` serves the pages with hot reload and hands /graphql to the API (npm start, port 3000),
// so the browser sees one origin, as it does when the API serves the built pages.
const api = process.env.DOORMAN_API_URL ?? 'http://localhost:3000';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The editor (Monaco) behind the playground is large; it loads only on /graphql.
    chunkSizeWarningLimit: 4096,
    rollupOptions: {
      // Two pages: the web client, and the GraphQL playground the API serves at GET /graphql.
      input: { client: 'index.html', graphiql: 'graphiql.html' },
      // GraphiQL's modules start with React Compiler's "use no memo"; a bundle has no use for it.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: {
    port: 5173,
    strictPort: true,
    // /auth: the identity providers' start and callback routes, so their cookies stay on this origin too.
    proxy: { '/graphql': { target: api }, '/auth': { target: api } },
  },
});
