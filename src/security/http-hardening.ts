import helmet from 'helmet';

const APOLLO_CDN = 'https://apollo-server-landing-page.cdn.apollographql.com';

/**
 * helmet's headers, with a Content-Security-Policy that still lets Apollo's landing page at
 * /graphql load its sandbox (the API itself only ever answers JSON).
 */
export const httpHardening = () =>
  helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'", APOLLO_CDN, 'https://embeddable-sandbox.cdn.apollographql.com', 'https://embeddable-explorer.cdn.apollographql.com'],
        styleSrc: ["'self'", "'unsafe-inline'", APOLLO_CDN, 'https://fonts.googleapis.com'],
        imgSrc: ["'self'", 'data:', APOLLO_CDN],
        fontSrc: ["'self'", 'data:', APOLLO_CDN, 'https://fonts.gstatic.com'],
        frameSrc: ["'self'", 'https://sandbox.embed.apollographql.com', 'https://explorer.embed.apollographql.com'],
        connectSrc: ["'self'", 'https://*.apollographql.com'],
        manifestSrc: ["'self'", APOLLO_CDN],
        // Would stop the sandbox on a development server reached over plain http; HSTS covers production.
        upgradeInsecureRequests: null,
      },
    },
    // The embedded sandbox is a cross-origin frame; these two would block it.
    crossOriginEmbedderPolicy: false,
    crossOriginResourcePolicy: { policy: 'same-site' },
  });
