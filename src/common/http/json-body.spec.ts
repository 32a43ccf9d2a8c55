import { bodyLimitBytes } from './json-body';

describe('bodyLimitBytes', () => {
  it.each([
    ['100kb', 102_400],
    ['1mb', 1_048_576],
    ['2KB', 2_048],
    ['512b', 512],
    ['512', 512],
  ])('reads BODY_LIMIT=%p as %p bytes', (size, bytes) => {
    expect(bodyLimitBytes(size)).toBe(bytes);
  });

  it('refuses what the environment schema would have refused', () => {
    expect(() => bodyLimitBytes('10 MB')).toThrow('BODY_LIMIT must be a size such as 100kb');
  });
});
