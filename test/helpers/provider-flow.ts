import request from 'supertest';
import type { App } from 'supertest/types';

export interface Hop {
  status: number;
  location: string;
}

/**
 * A browser's part in a provider sign-in, without a browser: follows one redirect at a time, keeps
 * cookies (by name; attributes are the real browser tests' business), sends requests for `appOrigin`
 * to the app under test and the rest (the fake providers) over the network.
 */
export class FlowBrowser {
  readonly cookies = new Map<string, string>();

  constructor(
    private readonly server: App,
    private readonly appOrigin: string,
  ) {}

  async get(url: string): Promise<Hop> {
    const target = new URL(url);
    if (target.origin === this.appOrigin) {
      const res = await request(this.server)
        .get(`${target.pathname}${target.search}`)
        .set('cookie', this.cookieHeader());
      this.keep(res.headers['set-cookie'] as unknown as string[] | undefined);
      return { status: res.status, location: String(res.headers.location ?? '') };
    }
    const res = await fetch(url, { redirect: 'manual' });
    return { status: res.status, location: res.headers.get('location') ?? '' };
  }

  /** Start at the app, through the provider, back to the callback: where the app finally sends the browser. */
  async signIn(provider: string, query = ''): Promise<string> {
    const toProvider = await this.get(`${this.appOrigin}/auth/${provider}${query}`);
    if (!toProvider.location.startsWith('http://127.0.0.1')) return toProvider.location;
    const toCallback = await this.get(toProvider.location);
    return (await this.get(toCallback.location)).location;
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  private keep(setCookies: string[] | undefined): void {
    for (const line of setCookies ?? []) {
      const [pair] = line.split(';');
      const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
      const expired = /max-age=0|expires=thu, 01 jan 1970/i.test(line);
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}
