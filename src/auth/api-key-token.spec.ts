import { bearerToken, displayPrefix, generateApiKey, hashApiKey } from './api-key-token';

describe('API key tokens', () => {
  it('are long, prefixed, distinct and looked up by their SHA-256', () => {
    const first = generateApiKey();
    const second = generateApiKey();
    expect(first.key).toMatch(/^ah_[0-9A-Za-z]{40}$/);
    expect(first.key).not.toBe(second.key);
    expect(first.secretSha256).toBe(hashApiKey(first.key));
    expect(first.secretSha256).toHaveLength(64);
    expect(first.prefix).toBe(displayPrefix(first.key));
    expect(first.key.startsWith(first.prefix)).toBe(true);
  });

  it.each([
    ['Bearer abc', 'abc'],
    ['bearer   abc  ', 'abc'],
    ['Basic abc', undefined],
    ['Bearer', undefined],
    [undefined, undefined],
  ])('reads %p as %p', (header, expected) => {
    expect(bearerToken(header)).toBe(expected);
  });
});
