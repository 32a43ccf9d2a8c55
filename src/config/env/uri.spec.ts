import { uriPattern } from './uri';

/** The URIs Joi's `uri({ scheme })` accepted, and those it refused (each checked against Joi 17 before the move). */
describe('uriPattern', () => {
  const postgres = uriPattern(['postgres', 'postgresql']);
  const web = uriPattern(['http', 'https']);

  it.each([
    'postgres://user:pw@localhost:5432/doorman',
    'postgresql://localhost/doorman?sslmode=require#f',
    'postgres:///doorman',
    'postgres://[::1]:5432/doorman',
    'postgres://[v1.fe]/doorman',
  ])('accepts %p', (uri) => {
    expect(postgres.test(uri)).toBe(true);
  });

  it.each([
    'mysql://localhost/doorman',
    'POSTGRES://localhost/doorman',
    'postgres://user:p@ss@localhost/doorman',
    'postgres://hö.st/doorman',
    'postgres://[::1/doorman',
    'postgres://local host/doorman',
  ])('refuses %p', (uri) => {
    expect(postgres.test(uri)).toBe(false);
  });

  it.each([
    'https://app.example.com/',
    'http://localhost:3000',
    'https://[2001:db8::1]:8443/a?b=c',
    'https://[::ffff:192.168.0.1]/',
  ])('accepts the web address %p', (uri) => {
    expect(web.test(uri)).toBe(true);
  });

  it.each([
    'http:/x',
    'http:///x',
    'http:x',
    'https://[1:2:3:4:5:6:7:8:9]/',
    'https://[::ffff:999.1.1.1]/',
    'https://a.com/x y',
    'ftp://x',
  ])('refuses the web address %p', (uri) => {
    expect(web.test(uri)).toBe(false);
  });
});
