/**
 * Posts one webhook request, connecting only to an address the SSRF policy accepted: the sender
 * resolves the host itself, checks every address, and hands the checked address to the socket
 * through a custom `lookup`, so the name is not resolved a second time (no DNS rebinding window).
 * TLS still verifies the certificate against the URL's host name. Redirects are not followed.
 */
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { AddressPolicy, bareHostname, HostResolver, parseWebhookUrl, ResolvedAddress, resolveAllowedAddresses } from './address-policy';

export interface SendOutcome {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  latencyMs: number;
}

const RESPONSE_EXCERPT_BYTES = 512;

function pinnedLookup(target: ResolvedAddress): LookupFunction {
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  }) as unknown as LookupFunction;
}

export class WebhookHttpSender {
  constructor(
    private readonly policy: AddressPolicy,
    private readonly resolve: HostResolver,
    private readonly timeoutMs: number,
  ) {}

  async post(rawUrl: string, body: string, headers: Record<string, string>): Promise<SendOutcome> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const parsed = parseWebhookUrl(rawUrl);
    if (!parsed.allowed) return { ok: false, statusCode: null, error: `URL ${parsed.reason}`, latencyMs: elapsed() };
    const resolved = await resolveAllowedAddresses(bareHostname(parsed.url), this.policy, this.resolve);
    if ('reason' in resolved) return { ok: false, statusCode: null, error: `refused by the SSRF policy: ${resolved.reason}`, latencyMs: elapsed() };
    const target = resolved.addresses[0];
    const client = parsed.url.protocol === 'https:' ? https : http;
    return new Promise<SendOutcome>((resolvePromise) => {
      let settled = false;
      const finish = (outcome: Omit<SendOutcome, 'latencyMs'>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolvePromise({ ...outcome, latencyMs: elapsed() });
      };
      const request = client.request(
        parsed.url,
        {
          method: 'POST',
          agent: false,
          lookup: pinnedLookup(target),
          headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'AccountHealth-Webhooks/1', ...headers },
        },
        (response) => {
          const chunks: Buffer[] = [];
          let size = 0;
          response.on('data', (chunk: Buffer) => {
            if (size < RESPONSE_EXCERPT_BYTES) chunks.push(chunk);
            size += chunk.length;
          });
          response.on('end', () => {
            const status = response.statusCode ?? 0;
            const ok = status >= 200 && status < 300;
            const excerpt = Buffer.concat(chunks).toString('utf8').slice(0, RESPONSE_EXCERPT_BYTES);
            finish({ ok, statusCode: status, error: ok ? null : `HTTP ${status}${status >= 300 && status < 400 ? ' (redirects are not followed)' : ''}${excerpt ? `: ${excerpt}` : ''}` });
          });
          response.on('error', (error) => finish({ ok: false, statusCode: response.statusCode ?? null, error: error.message }));
        },
      );
      const timer = setTimeout(() => {
        request.destroy(new Error(`no answer within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      request.on('error', (error) => finish({ ok: false, statusCode: null, error: error.message }));
      request.end(body);
    });
  }
}
