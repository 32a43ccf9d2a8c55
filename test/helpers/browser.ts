import { existsSync, mkdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { startApp, type TestApp } from './app';
import { freePort } from './server-process';
import { TestSmtpServer } from './smtp';

/** Debian's Chromium, headless, with nothing of its own reaching the network. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const INSTALL_HINT = 'install it with `sudo apt-get install chromium` (Debian, Ubuntu) or set CHROMIUM_PATH';
const ROOT = join(__dirname, '..', '..');
export const WEB_DIST = join(ROOT, 'web', 'dist');
const FAILURES_DIR = join(ROOT, 'test-results', 'browser');

/** CHROMIUM_PATH, or the `chromium` binary on PATH (where Debian's package puts it). */
export function findChromium(): string | null {
  if (process.env.CHROMIUM_PATH) return existsSync(process.env.CHROMIUM_PATH) ? process.env.CHROMIUM_PATH : null;
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of ['chromium', 'chromium-browser']) {
      if (existsSync(join(dir, name))) return join(dir, name);
    }
  }
  return null;
}

const inCI = () => !['', '0', 'false'].includes((process.env.CI ?? '').toLowerCase());

/**
 * A describe block that needs Chromium. Without it the block is skipped with one line saying how
 * to install it, except in CI, where a missing browser fails the run.
 */
export function describeInBrowser(name: string, body: () => void): void {
  if (findChromium()) return describe(name, body);
  if (inCI()) {
    return describe(name, () => {
      it('has Chromium to run in', () => {
        throw new Error(`Chromium not found: the browser tests cannot run in CI; ${INSTALL_HINT}`);
      });
    });
  }
  process.stderr.write(`Browser tests skipped (${name}): Chromium not found; ${INSTALL_HINT}.\n`);
  describe.skip(name, body);
}

export interface WebApp {
  /** The server's own address, as the browser reaches it (also APP_URL, so mailed links point here). */
  url: string;
  smtp: TestSmtpServer;
  app: TestApp;
  browser: Browser;
  /** A fresh browser profile: its own cookies and storage, as another device would have. */
  newContext(): Promise<BrowserContext>;
  /** Requests to other hosts that contexts refused (all of them are refused). */
  blocked: string[];
  close(): Promise<void>;
}

/**
 * The real application, listening on a port of its own as `npm start` does, with mail going to a
 * test SMTP server, and a Chromium to drive it. Every request a page makes to another host is
 * refused and recorded.
 */
export async function startWebApp(
  env: Record<string, string | undefined> = {},
  { hostname = '127.0.0.1' }: { hostname?: '127.0.0.1' | 'localhost' } = {},
): Promise<WebApp> {
  if (!existsSync(join(WEB_DIST, 'index.html'))) {
    throw new Error('web/dist is missing: build the web client first (npm run build:web)');
  }
  const smtp = await TestSmtpServer.start();
  const port = await freePort();
  // The browser's address for the server (on 127.0.0.1 either way). Passkeys need `localhost`: an IP
  // address is no WebAuthn RP ID, so there APP_URL (and with it the RP ID and origin) names it.
  const url = `http://${hostname}:${port}`;
  // Otherwise APP_URL is left to its default, the server's own address, so the mailed links open these pages.
  const appUrl = hostname === '127.0.0.1' ? undefined : url;
  const app = await startApp({ HOST: '127.0.0.1', PORT: String(port), SMTP_URL: smtp.url, APP_URL: appUrl, ...env });
  await app.app.listen(port, '127.0.0.1');
  const browser = await chromium.launch({ executablePath: findChromium()!, args: CHROMIUM_ARGS });
  const contexts: BrowserContext[] = [];
  const blocked: string[] = [];
  const origin = new URL(url).origin;
  return {
    url,
    smtp,
    app,
    browser,
    blocked,
    async newContext() {
      const context = await browser.newContext({ baseURL: url, viewport: { width: 1280, height: 800 } });
      await context.route(
        (target) => target.origin !== origin,
        (route) => {
          blocked.push(route.request().url());
          return route.abort('blockedbyclient');
        },
      );
      contexts.push(context);
      return context;
    },
    async close() {
      await Promise.allSettled(contexts.map((context) => context.close()));
      await browser.close();
      await app.close();
      await smtp.close();
    },
  };
}

/**
 * A browser test: on failure, a screenshot of every page still open goes to test-results/browser/
 * before the error is reported.
 */
export function browserIt(name: string, web: () => WebApp, body: () => Promise<void>, timeout?: number): void {
  it(
    name,
    async () => {
      try {
        await body();
      } catch (error) {
        await screenshotAll(web(), name);
        throw error;
      }
    },
    timeout,
  );
}

async function screenshotAll(web: WebApp | undefined, testName: string): Promise<void> {
  if (!web) return;
  mkdirSync(FAILURES_DIR, { recursive: true });
  const slug = testName
    .replace(/[^a-z0-9]+/gi, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();
  const pages: Page[] = web.browser.contexts().flatMap((context) => context.pages());
  await Promise.allSettled(
    pages.map(async (page, i) => {
      const path = join(FAILURES_DIR, `${slug}-${i + 1}.png`);
      await page.screenshot({ path, fullPage: true });
      process.stderr.write(`screenshot of ${page.url()} on failure: ${path}\n`);
    }),
  );
}
