import { mailConfig, ownAddress } from './mail.config';

describe('mailConfig: where the links in mail point', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('defaults APP_URL to the server itself outside production, so development mail opens its pages', () => {
    delete process.env.APP_URL;
    process.env.PORT = '4321';
    process.env.HOST = '0.0.0.0';
    expect(mailConfig().appUrl).toBe('http://localhost:4321');
  });

  it('keeps an APP_URL that is set, without its trailing slash', () => {
    process.env.APP_URL = 'https://app.example.com/';
    expect(mailConfig().appUrl).toBe('https://app.example.com');
  });

  it('names the interface HOST listens on, and brackets an IPv6 address', () => {
    expect(ownAddress('0.0.0.0', 3000)).toBe('http://localhost:3000');
    expect(ownAddress('::', 3000)).toBe('http://localhost:3000');
    expect(ownAddress('127.0.0.1', 8080)).toBe('http://127.0.0.1:8080');
    expect(ownAddress('::1', 8080)).toBe('http://[::1]:8080');
  });
});
