import { postGraphQL } from './transport';
import { REFRESH, type SignedInPayload, type Viewer } from './viewer';

export type SessionState =
  | { status: 'loading' }
  | { status: 'signed-in'; user: Viewer }
  /** `ended`: a session this browser had was revoked or expired, rather than never there. */
  | { status: 'signed-out'; ended: boolean };

/** ok: new cookies; none: no refresh cookie at all; ended: refused; failed: try again later (offline, rate limit). */
export type RefreshOutcome = 'ok' | 'none' | 'ended' | 'failed';

// Refresh this long before the access token expires, so no request meets an expired one.
const REFRESH_AHEAD_MS = 60_000;
const MIN_DELAY_MS = 5_000;
// The server's answer when the request carried no refresh cookie (auth.resolver.ts): nobody was signed in.
const NO_REFRESH_TOKEN = 'Refresh token required';

/**
 * Who is signed in, and keeping it so: refreshes the cookies ahead of the access token's expiry,
 * and once when the API answers UNAUTHENTICATED (the Apollo link asks). Tokens never pass through
 * here: the server sets and reads them as HttpOnly cookies; this store only knows their expiry.
 */
export class SessionStore {
  private current: SessionState = { status: 'loading' };
  private readonly listeners = new Set<() => void>();
  private accessExpiresAt: number | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private refreshing: Promise<RefreshOutcome> | null = null;
  /** A one-off line for the next page (e.g. "You have logged out."). */
  notice: string | null = null;

  get state(): SessionState {
    return this.current;
  }

  get user(): Viewer | null {
    return this.current.status === 'signed-in' ? this.current.user : null;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): SessionState => this.current;

  /** A sign-in, signup, refresh or password change answered: these cookies last until `accessTokenExpiresAt`. */
  signedIn(payload: SignedInPayload): void {
    this.accessExpiresAt = Date.parse(payload.accessTokenExpiresAt);
    this.schedule();
    this.set({ status: 'signed-in', user: payload.user });
  }

  /** The viewer as the API just read it (a page load, a rename, a verified address). */
  viewerLoaded(user: Viewer | null): void {
    if (user) this.set({ status: 'signed-in', user });
    else this.signedOut(false);
  }

  signedOut(ended: boolean, notice: string | null = null): void {
    clearTimeout(this.timer);
    this.accessExpiresAt = null;
    this.notice = notice;
    this.set({ status: 'signed-out', ended });
  }

  /** The person has been told that their session ended (the Log in page says so). */
  endedShown(): void {
    if (this.current.status === 'signed-out' && this.current.ended) this.set({ status: 'signed-out', ended: false });
  }

  /** One refresh at a time, however many requests ask for it. */
  refresh(): Promise<RefreshOutcome> {
    this.refreshing ??= this.doRefresh().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  /** Before an operation that checks a password: make sure the access token outlives the request. */
  async ensureFresh(): Promise<void> {
    if (this.current.status !== 'signed-in') return;
    if (this.accessExpiresAt !== null && this.accessExpiresAt - Date.now() > REFRESH_AHEAD_MS) return;
    await this.refresh();
  }

  private async doRefresh(): Promise<RefreshOutcome> {
    const wasSignedIn = this.current.status === 'signed-in';
    let outcome: RefreshOutcome;
    try {
      const res = await postGraphQL<{ refreshToken: SignedInPayload }>(REFRESH, 'RefreshToken');
      if (res.data?.refreshToken) {
        this.signedIn(res.data.refreshToken);
        return 'ok';
      }
      const error = res.errors?.[0];
      if (error?.extensions?.code !== 'UNAUTHENTICATED') outcome = 'failed';
      else outcome = error.message === NO_REFRESH_TOKEN ? 'none' : 'ended';
    } catch {
      outcome = 'failed';
    }
    if (outcome === 'none' || outcome === 'ended') this.signedOut(wasSignedIn || outcome === 'ended');
    return outcome;
  }

  private schedule(): void {
    clearTimeout(this.timer);
    if (this.accessExpiresAt === null) return;
    const delay = Math.max(MIN_DELAY_MS, this.accessExpiresAt - Date.now() - REFRESH_AHEAD_MS);
    this.timer = setTimeout(() => void this.refresh(), delay);
  }

  private set(state: SessionState): void {
    this.current = state;
    this.listeners.forEach((listener) => listener());
  }
}
