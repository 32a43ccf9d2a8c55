import type { IncomingMessage } from 'node:http';
import { requestIdOf } from './request-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const withHeader = (value?: string | string[]) =>
  ({ headers: value === undefined ? {} : { 'x-request-id': value } }) as IncomingMessage;

describe('requestIdOf', () => {
  it.each(['trace-me-42', 'a.b:c_d', 'x'.repeat(128)])('takes a sane X-Request-Id %p', (id) => {
    expect(requestIdOf(withHeader(id))).toBe(id);
  });

  it.each([
    ['none', undefined],
    ['empty', ''],
    ['spaces', 'bad id'],
    ['a line break', 'id\nforged log line'],
    ['too long', 'x'.repeat(129)],
    ['repeated', ['one', 'two']],
  ])('makes a new UUID when it is %s', (_, value) => {
    expect(requestIdOf(withHeader(value))).toMatch(UUID);
  });
});
