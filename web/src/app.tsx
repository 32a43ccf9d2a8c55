import { type ReactNode, useEffect, useRef } from 'react';
import { AccountPage } from './pages/account';
import { ForgotPasswordPage } from './pages/forgot-password';
import { HomePage } from './pages/home';
import { LoginPage } from './pages/login';
import { LogoutPage, useLogout } from './pages/logout';
import { NotFoundPage } from './pages/not-found';
import { ResetPasswordPage } from './pages/reset-password';
import { SecurityActivityPage } from './pages/security-activity';
import { SessionsPage } from './pages/sessions';
import { SignupPage } from './pages/signup';
import { VerifyEmailPage } from './pages/verify-email';
import { Link, navigate, useLocation } from './router';
import { useSession } from './session/session-context';

interface Route {
  page: () => ReactNode;
  title: string;
  /** signed-in: only for a signed-in person (others go to Log in); signed-out: the reverse. */
  access?: 'signed-in' | 'signed-out';
}

// The server answers these paths with index.html (src/web/web-client.ts keeps the same list).
const ROUTES: Record<string, Route> = {
  '/': { page: HomePage, title: 'Home' },
  '/login': { page: LoginPage, title: 'Log in', access: 'signed-out' },
  '/signup': { page: SignupPage, title: 'Sign up', access: 'signed-out' },
  '/logout': { page: LogoutPage, title: 'Log out', access: 'signed-in' },
  '/sessions': { page: SessionsPage, title: 'Sessions', access: 'signed-in' },
  '/security': { page: SecurityActivityPage, title: 'Security activity', access: 'signed-in' },
  '/account': { page: AccountPage, title: 'Account', access: 'signed-in' },
  '/forgot-password': { page: ForgotPasswordPage, title: 'Forgot password' },
  '/reset-password': { page: ResetPasswordPage, title: 'Reset password' },
  '/verify-email': { page: VerifyEmailPage, title: 'Verify email' },
};
const NOT_FOUND: Route = { page: NotFoundPage, title: 'Page not found' };

export function App() {
  const { path } = useLocation();
  const { state, store } = useSession();
  const route = ROUTES[path] ?? NOT_FOUND;
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);

  useEffect(() => {
    document.title = `${route.title} · Doorman`;
    // After a navigation inside the page, start reading (and tabbing) at the new page's content.
    if (first.current) first.current = false;
    else main.current?.focus();
  }, [route]);

  useEffect(() => {
    if (state.status === 'signed-out' && state.ended) {
      // A session that ended under the person (revoked elsewhere, expired): Log in, saying so, once.
      store.endedShown();
      const next = route.access === 'signed-in' ? `&next=${encodeURIComponent(path)}` : '';
      navigate(`/login?session=ended${next}`, { replace: true });
    } else if (route.access === 'signed-in' && state.status === 'signed-out') {
      navigate(`/login?next=${encodeURIComponent(path)}`, { replace: true });
    } else if (route.access === 'signed-out' && state.status === 'signed-in') {
      navigate('/', { replace: true });
    }
  }, [route, state, path, store]);

  const waiting = state.status === 'loading' || (route.access === 'signed-in' && state.status !== 'signed-in');
  const Page = route.page;
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <div className="header-inner">
          <Link to="/" className="brand" aria-label="Doorman, home">
            <span className="brand-mark" aria-hidden="true" />
            Doorman
          </Link>
          <Navigation path={path} />
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1} className="site-main">
        {waiting ? (
          <p className="loading" role="status">
            Loading…
          </p>
        ) : (
          <Page />
        )}
      </main>
      <footer className="site-footer">
        <a href="/graphql">GraphQL playground</a>
      </footer>
    </>
  );
}

function Navigation({ path }: { path: string }) {
  const { state } = useSession();
  if (state.status === 'loading') return <nav aria-label="Main" className="nav" />;
  const item = (to: string, label: string) => (
    <li>
      <Link to={to} aria-current={path === to ? 'page' : undefined}>
        {label}
      </Link>
    </li>
  );
  if (state.status === 'signed-out') {
    return (
      <nav aria-label="Main" className="nav">
        <ul>
          {item('/', 'Home')}
          {item('/login', 'Log in')}
          {item('/signup', 'Sign up')}
        </ul>
      </nav>
    );
  }
  return (
    <nav aria-label="Main" className="nav">
      <ul>
        {item('/', 'Home')}
        {item('/sessions', 'Sessions')}
        {item('/security', 'Security activity')}
        {item('/account', 'Account')}
        {path !== '/logout' && (
          <li>
            <LogoutButton />
          </li>
        )}
      </ul>
    </nav>
  );
}

function LogoutButton() {
  const { run, busy } = useLogout();
  return (
    <button type="button" className="nav-button" onClick={() => void run()} disabled={busy} aria-busy={busy}>
      Log out
    </button>
  );
}
