import { checkWebhookUrl, HostResolver, judgeAddress, parseWebhookUrl, resolveAllowedAddresses } from './address-policy';

const strict = { allowPrivate: false };
const lenient = { allowPrivate: true };

describe('judgeAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.9.9.9', 'loopback range'],
    ['::1', 'IPv6 loopback'],
    ['10.1.2.3', '10/8'],
    ['172.16.0.1', '172.16/12 start'],
    ['172.31.255.255', '172.16/12 end'],
    ['192.168.1.1', '192.168/16'],
    ['169.254.1.1', 'link-local'],
    ['fe80::1', 'IPv6 link-local'],
    ['fc00::1', 'unique local'],
    ['fd12:3456::1', 'unique local fd'],
    ['100.64.0.1', 'CGNAT'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'IPv6 unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:7f00:1', 'IPv4-mapped loopback in hex'],
    ['::ffff:10.0.0.1', 'IPv4-mapped private'],
    ['169.254.169.254', 'metadata'],
    ['fd00:ec2::254', 'AWS IPv6 metadata'],
  ])('refuses %s (%s) under the strict policy', (address) => {
    expect(judgeAddress(address, strict).allowed).toBe(false);
  });

  it.each([['8.8.8.8'], ['172.32.0.1'], ['100.128.0.1'], ['2606:4700:4700::1111'], ['::ffff:8.8.8.8']])('allows the public address %s', (address) => {
    expect(judgeAddress(address, strict)).toEqual({ allowed: true });
  });

  it('allows private and loopback targets when the policy allows private', () => {
    expect(judgeAddress('127.0.0.1', lenient)).toEqual({ allowed: true });
    expect(judgeAddress('10.0.0.5', lenient)).toEqual({ allowed: true });
  });

  it('refuses metadata endpoints even when private targets are allowed', () => {
    expect(judgeAddress('169.254.169.254', lenient).allowed).toBe(false);
    expect(judgeAddress('fd00:ec2::254', lenient).allowed).toBe(false);
  });
});

describe('parseWebhookUrl', () => {
  it.each([
    ['ftp://example.com/hook', 'must use http or https'],
    ['file:///etc/passwd', 'must use http or https'],
    ['gopher://example.com', 'must use http or https'],
    ['https://user:pw@example.com/hook', 'must not carry credentials; use the subscription secret'],
    ['not a url', 'is not an absolute URL'],
    ['/relative/path', 'is not an absolute URL'],
  ])('refuses %s', (raw, reason) => {
    expect(parseWebhookUrl(raw)).toEqual({ allowed: false, reason });
  });

  it('accepts http and https', () => {
    expect(parseWebhookUrl('https://hooks.slack.com/services/T/B/X').allowed).toBe(true);
    expect(parseWebhookUrl('http://example.com:8080/x').allowed).toBe(true);
  });
});

describe('checkWebhookUrl', () => {
  const resolver = (table: Record<string, string[]>): HostResolver => async (hostname) => {
    const addresses = table[hostname];
    if (!addresses) throw new Error('ENOTFOUND');
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

  it('refuses a name that resolves to a private address', async () => {
    const verdict = await checkWebhookUrl('https://internal.example.com/hook', strict, resolver({ 'internal.example.com': ['10.0.0.7'] }));
    expect(verdict).toEqual({ allowed: false, reason: expect.stringContaining('internal.example.com resolves to 10.0.0.7') });
  });

  it('refuses a name with one public and one private record', async () => {
    const verdict = await checkWebhookUrl('https://mixed.example.com/', strict, resolver({ 'mixed.example.com': ['93.184.216.34', '127.0.0.1'] }));
    expect(verdict.allowed).toBe(false);
  });

  it('refuses a name that does not resolve', async () => {
    const verdict = await checkWebhookUrl('https://nowhere.example.com/', strict, resolver({}));
    expect(verdict).toEqual({ allowed: false, reason: expect.stringContaining('does not resolve') });
  });

  it('accepts a name that resolves to public addresses only', async () => {
    const verdict = await checkWebhookUrl('https://hooks.example.com/x', strict, resolver({ 'hooks.example.com': ['93.184.216.34', '2606:2800:220:1::'] }));
    expect(verdict.allowed).toBe(true);
  });

  it('checks IP literals without resolving them, IPv6 in brackets too', async () => {
    const never: HostResolver = async () => {
      throw new Error('must not resolve a literal');
    };
    expect((await checkWebhookUrl('http://127.0.0.1:9/x', strict, never)).allowed).toBe(false);
    expect((await checkWebhookUrl('http://[::1]:9/x', strict, never)).allowed).toBe(false);
    expect((await checkWebhookUrl('http://169.254.169.254/latest/meta-data', lenient, never)).allowed).toBe(false);
    expect((await checkWebhookUrl('http://127.0.0.1:9/x', lenient, never)).allowed).toBe(true);
  });

  it('answers the checked addresses to connect to', async () => {
    const result = await resolveAllowedAddresses('hooks.example.com', strict, resolver({ 'hooks.example.com': ['93.184.216.34'] }));
    expect(result).toEqual({ addresses: [{ address: '93.184.216.34', family: 4 }] });
  });
});
