import { createHmac } from 'node:crypto';
import { signatureOf, verifySignature } from './webhook-signature';

describe('webhook signatures', () => {
  const body = '{"id":"n1","type":"sla.warning"}';

  it('is HMAC-SHA256 over "<timestamp>.<body>" in hex, prefixed v1=', () => {
    const hex = createHmac('sha256', 'secret').update(`1700000000.${body}`).digest('hex');
    expect(signatureOf('secret', 1700000000, body)).toBe(`v1=${hex}`);
  });

  it('verifies its own signature within the tolerance', () => {
    expect(verifySignature('secret', '1700000000', body, signatureOf('secret', 1700000000, body), 1700000100)).toBe(true);
  });

  it.each([
    ['another secret', 'other', '1700000000', body, 1700000000],
    ['a changed body', 'secret', '1700000000', body.replace('n1', 'n2'), 1700000000],
    ['a changed timestamp', 'secret', '1700000001', body, 1700000001],
    ['an old timestamp (replay)', 'secret', '1700000000', body, 1700000000 + 301],
    ['a timestamp that is not a number', 'secret', 'yesterday', body, 1700000000],
  ])('refuses %s', (_case, secret, timestamp, receivedBody, now) => {
    const signature = signatureOf('secret', 1700000000, body);
    expect(verifySignature(secret, timestamp, receivedBody, signature, now)).toBe(false);
  });
});
