import request from 'supertest';
import { FixedClock } from '../../src/common/clock';
import { DeliveryService } from '../../src/notifications/delivery.service';
import { NotificationDeliveryJob } from '../../src/notifications/notification-delivery.job';
import { NotificationRepository } from '../../src/notifications/notification.repository';
import { HostResolver } from '../../src/notifications/address-policy';
import { WebhookHttpSender } from '../../src/notifications/webhook-http-sender';
import { verifySignature } from '../../src/notifications/webhook-signature';
import { auth, createAccount, paths } from '../accounts/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { ingestTickets, ticketRow } from '../support-tickets/fixtures';
import { RemindersJob } from '../../src/notifications/reminders.job';
import { TestReceiver } from './receiver';

interface Delivery {
  id: string;
  status: string;
  attempts: number;
  nextAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  attemptLog: { attempt: number; startedAt: string; latencyMs: number; statusCode: number | null; outcome: string; error: string | null }[];
}

/** Webhook subscriptions over HTTP with a real receiver: signatures, retries with backoff, dead letters, SSRF refusals, Slack and Feishu shapes. */
describe('Webhooks (e2e)', () => {
  let t: TestApp;
  let receiver: TestReceiver;
  const clock = new FixedClock(new Date('2026-11-23T08:00:00Z'));
  let account: { id: string; name?: unknown };

  const deliver = () => t.app.get(NotificationDeliveryJob).run();
  const createWebhook = async (body: Record<string, unknown>) => {
    const response = await request(t.server).post('/api/v1/webhooks').set(auth(t.adminKey)).send(body);
    expect(response.status).toBe(201);
    return response.body as { id: string; secret: string | null };
  };
  const deliveries = async (webhookId: string): Promise<Delivery[]> => (await request(t.server).get(`/api/v1/webhooks/${webhookId}/deliveries`).set(auth(t.adminKey)).expect(200)).body.items;
  let eventSequence = 0;
  const emitEvent = async (topic: string, payload: Record<string, unknown>) => {
    eventSequence += 1;
    await t.db.pool.query(`INSERT INTO outbox_events (account_id, topic, payload, occurred_at) VALUES ($1, $2, $3, $4)`, [
      account.id,
      topic,
      JSON.stringify({ schemaVersion: 1, accountId: account.id, accountName: 'Acme Learning', ...payload }),
      new Date(clock.now().getTime() + eventSequence),
    ]);
  };
  const slaWarning = () =>
    emitEvent('sla.warning', {
      segment: 'enterprise',
      ticketId: 't1',
      ticketExternalId: 'ZD-77',
      ticketSeverity: 'P1',
      subject: 'Calls drop',
      targetMinutes: 60,
      targetUsedPct: 75,
      firstResponseDueAt: '2026-11-23T09:00:00Z',
      sentence: 'P1 ticket ZD-77 has used 75% of its 60-minute first-response target without a response.',
    });

  beforeAll(async () => {
    receiver = await new TestReceiver().start();
    t = await startTestApp({ clock, env: { WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_RETRY_BASE_SECONDS: '10', WEBHOOK_RETRY_MAX_SECONDS: '3600', WEBHOOK_MAX_ATTEMPTS: '4', PUBLIC_BASE_URL: 'https://health.example.com' } });
    account = await createAccount(t, { name: 'Acme Learning', segment: 'enterprise' });
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.stop();
  });

  it('signs json deliveries so the receiver can verify them, with a stable delivery id', async () => {
    const webhook = await createWebhook({ name: 'signed', url: `${receiver.url}/signed`, eventTypes: ['sla.warning'] });
    expect(webhook.secret).toMatch(/^whsec_/);
    await slaWarning();
    const stats = await deliver();
    expect(stats).toMatchObject({ outboxEvents: 1, succeeded: 1 });
    const [received] = receiver.at('/signed');
    const nowSeconds = Math.floor(clock.now().getTime() / 1000);
    expect(received.headers['x-accounthealth-timestamp']).toBe(String(nowSeconds));
    expect(verifySignature(webhook.secret!, String(received.headers['x-accounthealth-timestamp']), received.body, String(received.headers['x-accounthealth-signature']), nowSeconds)).toBe(true);
    expect(verifySignature('whsec_another-secret-entirely', String(received.headers['x-accounthealth-timestamp']), received.body, String(received.headers['x-accounthealth-signature']), nowSeconds)).toBe(false);
    const envelope = JSON.parse(received.body);
    expect(envelope).toMatchObject({ type: 'sla.warning', data: { ticketExternalId: 'ZD-77', targetUsedPct: 75 } });
    const [delivery] = await deliveries(webhook.id);
    expect(received.headers['x-accounthealth-delivery']).toBe(delivery.id);
    expect(received.headers['x-accounthealth-event']).toBe('sla.warning');
    expect(delivery).toMatchObject({ status: 'succeeded', attempts: 1, lastStatusCode: 200 });
    expect(delivery.attemptLog).toEqual([expect.objectContaining({ attempt: 1, statusCode: 200, outcome: 'succeeded', error: null })]);
    // The event is published: a second run sends nothing more.
    expect(await deliver()).toMatchObject({ outboxEvents: 0, attempted: 0 });
    expect(receiver.at('/signed')).toHaveLength(1);
    await request(t.server).delete(`/api/v1/webhooks/${webhook.id}`).set(auth(t.adminKey)).expect(204);
  });

  it('retries 500, 500, 200 with exponential backoff and jitter: three attempts, each delay within its bounds', async () => {
    receiver.script('/flaky', [500, 500, 200]);
    const webhook = await createWebhook({ name: 'flaky', url: `${receiver.url}/flaky`, eventTypes: ['account.turned_red'] });
    await emitEvent('account.turned_red', { accountExternalId: 'x', segment: 'enterprise', fromBand: 'yellow', band: 'red', score: 41, since: '2026-11-23', day: '2026-11-23', sentence: 'Acme turned red.' });
    await deliver();
    let [delivery] = await deliveries(webhook.id);
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: 500 });
    const firstDelay = Date.parse(delivery.nextAttemptAt!) - Date.parse(delivery.attemptLog[0].startedAt);
    expect(firstDelay).toBeGreaterThanOrEqual(5_000);
    expect(firstDelay).toBeLessThanOrEqual(10_000);
    // Not due yet: nothing is sent.
    clock.advance(4_000);
    await deliver();
    expect(receiver.at('/flaky')).toHaveLength(1);
    clock.advance(6_000);
    await deliver();
    [delivery] = await deliveries(webhook.id);
    expect(delivery).toMatchObject({ status: 'pending', attempts: 2 });
    const secondDelay = Date.parse(delivery.nextAttemptAt!) - Date.parse(delivery.attemptLog[1].startedAt);
    expect(secondDelay).toBeGreaterThanOrEqual(10_000);
    expect(secondDelay).toBeLessThanOrEqual(20_000);
    clock.advance(20_000);
    await deliver();
    [delivery] = await deliveries(webhook.id);
    expect(delivery).toMatchObject({ status: 'succeeded', attempts: 3, lastStatusCode: 200, nextAttemptAt: null });
    expect(delivery.attemptLog.map((attempt) => [attempt.attempt, attempt.statusCode, attempt.outcome])).toEqual([
      [1, 500, 'failed'],
      [2, 500, 'failed'],
      [3, 200, 'succeeded'],
    ]);
    expect(delivery.attemptLog[0].error).toContain('HTTP 500');
    const ids = new Set(receiver.at('/flaky').map((received) => received.headers['x-accounthealth-delivery']));
    expect(ids).toEqual(new Set([delivery.id]));
    await request(t.server).delete(`/api/v1/webhooks/${webhook.id}`).set(auth(t.adminKey)).expect(204);
  });

  it('ends a delivery to a receiver that always fails dead after the configured attempts; redeliver queues it again', async () => {
    receiver.script('/down', [503]);
    const webhook = await createWebhook({ name: 'down', url: `${receiver.url}/down`, eventTypes: ['sla.warning'] });
    await slaWarning();
    for (let round = 0; round < 6; round += 1) {
      await deliver();
      clock.advance(3_600_000);
    }
    let [delivery] = await deliveries(webhook.id);
    expect(delivery).toMatchObject({ status: 'dead', attempts: 4, nextAttemptAt: null, lastStatusCode: 503 });
    expect(delivery.attemptLog).toHaveLength(4);
    expect(receiver.at('/down')).toHaveLength(4);

    receiver.script('/down', [200]);
    const redelivered = await request(t.server).post(`/api/v1/deliveries/${delivery.id}/redeliver`).set(auth(t.adminKey)).expect(202);
    expect(redelivered.body).toMatchObject({ id: delivery.id, status: 'pending' });
    await deliver();
    [delivery] = await deliveries(webhook.id);
    expect(delivery).toMatchObject({ status: 'succeeded', attempts: 5 });
    await request(t.server).delete(`/api/v1/webhooks/${webhook.id}`).set(auth(t.adminKey)).expect(204);
  });

  it('stops deliveries of a disabled or deleted subscription', async () => {
    receiver.script('/stopped', [500]);
    const disabled = await createWebhook({ name: 'to disable', url: `${receiver.url}/stopped`, eventTypes: ['sla.warning'] });
    await slaWarning();
    await deliver();
    expect(receiver.at('/stopped')).toHaveLength(1);
    await request(t.server).patch(`/api/v1/webhooks/${disabled.id}`).set(auth(t.adminKey)).send({ enabled: false }).expect(200);
    const [cancelled] = await deliveries(disabled.id);
    expect(cancelled.status).toBe('cancelled');
    await slaWarning();
    clock.advance(3_600_000);
    await deliver();
    expect(receiver.at('/stopped')).toHaveLength(1);
    expect(await deliveries(disabled.id)).toHaveLength(1);
    await request(t.server).post(`/api/v1/deliveries/${cancelled.id}/redeliver`).set(auth(t.adminKey)).expect(409);

    const deleted = await createWebhook({ name: 'to delete', url: `${receiver.url}/deleted`, eventTypes: ['sla.warning'] });
    receiver.script('/deleted', [500]);
    await slaWarning();
    await deliver();
    await request(t.server).delete(`/api/v1/webhooks/${deleted.id}`).set(auth(t.adminKey)).expect(204);
    clock.advance(3_600_000);
    await slaWarning();
    await deliver();
    expect(receiver.at('/deleted')).toHaveLength(1);
    await request(t.server).get(`/api/v1/webhooks/${deleted.id}`).set(auth(t.adminKey)).expect(404);
    await request(t.server).get(`/api/v1/webhooks/${deleted.id}/deliveries`).set(auth(t.adminKey)).expect(404);
    await request(t.server).delete(`/api/v1/webhooks/${deleted.id}`).set(auth(t.adminKey)).expect(404);
  });

  it('sends a delivery again after the lease of a sender that died mid-send, with the same id; the late sender cannot overwrite the outcome', async () => {
    const webhook = await createWebhook({ name: 'lease', url: `${receiver.url}/lease`, eventTypes: ['sla.warning'] });
    await slaWarning();
    await t.app.get(DeliveryService).relayOutbox();
    const repository = t.app.get(NotificationRepository);
    const now = clock.now();
    // Another instance claims the delivery and dies before sending or recording anything.
    const [crashed] = await repository.claimDue(now, 10, 'dead-instance', new Date(now.getTime() + 60_000));
    expect(crashed).toMatchObject({ webhookId: webhook.id, attempts: 1 });
    await deliver();
    expect(receiver.at('/lease')).toHaveLength(0);
    clock.advance(60_000);
    await deliver();
    expect(receiver.at('/lease')).toHaveLength(1);
    expect(receiver.at('/lease')[0].headers['x-accounthealth-delivery']).toBe(crashed.id);
    let [delivery] = await deliveries(webhook.id);
    expect(delivery).toMatchObject({ id: crashed.id, status: 'succeeded', attempts: 2 });
    expect(delivery.attemptLog.map((attempt) => attempt.attempt)).toEqual([2]);
    // The dead instance comes back and reports its attempt: it is logged, but the outcome stays.
    const applied = await repository.recordAttempt({
      deliveryId: crashed.id, attempt: 1, claimedBy: 'dead-instance', startedAt: now, latencyMs: 60_000, statusCode: null, outcome: 'failed', error: 'socket hang up', status: 'pending', nextAttemptAt: clock.now(),
    });
    expect(applied).toBe(false);
    [delivery] = await deliveries(webhook.id);
    expect(delivery).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(delivery.attemptLog.map((attempt) => [attempt.attempt, attempt.outcome])).toEqual([[1, 'failed'], [2, 'succeeded']]);
    await deliver();
    expect(receiver.at('/lease')).toHaveLength(1);
    await request(t.server).delete(`/api/v1/webhooks/${webhook.id}`).set(auth(t.adminKey)).expect(204);
  });

  it('sends an SLA warning raised by the reminders job (a P1 at 75% of its response target) in the next delivery run', async () => {
    await createWebhook({ name: 'sla', url: `${receiver.url}/sla`, eventTypes: ['sla.warning'] });
    const live = await createAccount(t, { segment: 'enterprise', supportPlan: 'enterprise', name: 'Beta Live' });
    // enterprise P1: 5 minutes to respond, around the clock; opened 4 minutes ago without a response.
    const openedAt = new Date(clock.now().getTime() - 4 * 60_000).toISOString();
    await ingestTickets(t, [ticketRow(live.externalId, { externalId: 'P1-NOW', severity: 'P1', status: 'open', openedAt, firstResponseAt: null, resolvedAt: null, statusHistory: [] })]).expect(200);
    expect(await t.app.get(RemindersJob).run()).toMatchObject({ slaAlertsOpened: 1 });
    await deliver();
    const warnings = receiver.at('/sla').map((entry) => JSON.parse(entry.body));
    expect(warnings).toEqual([expect.objectContaining({ type: 'sla.warning', data: expect.objectContaining({ accountId: live.id, ticketExternalId: 'P1-NOW', targetUsedPct: 80 }) })]);
  });

  it('deletes notifications older than 90 days with their deliveries, but not ones still waiting to be sent', async () => {
    const webhook = await createWebhook({ name: 'retention', url: `${receiver.url}/retention`, eventTypes: ['sla.warning'] });
    receiver.script('/retention', [200]);
    await slaWarning();
    await deliver();
    receiver.script('/retention', [500]);
    await slaWarning();
    await deliver();
    const [pending, sent] = await deliveries(webhook.id);
    expect([pending.status, sent.status]).toEqual(['pending', 'succeeded']);
    clock.advance(91 * 86_400_000);
    await t.db.pool.query(`UPDATE webhook_deliveries SET next_attempt_at = $2 WHERE id = $1`, [pending.id, new Date(clock.now().getTime() + 3_600_000)]);
    const stats = await deliver();
    expect(stats.notificationsPruned).toBeGreaterThanOrEqual(1);
    expect((await deliveries(webhook.id)).map((delivery) => delivery.id)).toEqual([pending.id]);
    await request(t.server).delete(`/api/v1/webhooks/${webhook.id}`).set(auth(t.adminKey)).expect(204);
  });

  it('documents every event payload in the OpenAPI document', async () => {
    const document = (await request(t.server).get('/docs-json').expect(200)).body;
    for (const schema of ['WebhookEnvelopeDto', 'WebhookDigestPayload', 'WebhookReviewReminderPayload', 'WebhookAlertOpenedPayload', 'WebhookSlaWarningPayload', 'WebhookAccountTurnedRedPayload', 'WebhookReviewAgendaReadyPayload', 'WebhookReviewNudgePayload', 'WebhookPingPayload']) {
      expect(document.components.schemas[schema]).toBeDefined();
    }
    expect(document.components.schemas.WebhookDigestPayload.properties.overdue.items).toEqual({ $ref: '#/components/schemas/WebhookReviewLinePayload' });
    expect(document.paths['/api/v1/webhooks/{id}/deliveries'].get['x-roles']).toEqual(['admin']);
  });

  it('leaves outbox topics it does not deliver unpublished for whoever does', async () => {
    await emitEvent('billing.invoice_paid', { amount: 10 });
    await deliver();
    const rows = await t.db.pool.query(`SELECT published_at FROM outbox_events WHERE topic = 'billing.invoice_paid'`);
    expect(rows.rows).toEqual([{ published_at: null }]);
  });

  it('posts Slack Block Kit and Feishu post messages, Feishu signed with its bot secret', async () => {
    const slack = await createWebhook({ name: 'slack', url: `${receiver.url}/slack`, format: 'slack', eventTypes: ['sla.warning'] });
    expect(slack.secret).toBeNull();
    const feishuSecret = 'feishu-bot-secret-123';
    await createWebhook({ name: 'feishu', url: `${receiver.url}/feishu`, format: 'feishu', eventTypes: ['sla.warning'], secret: feishuSecret });
    await slaWarning();
    await deliver();
    const slackBody = JSON.parse(receiver.at('/slack')[0].body);
    expect(slackBody.text).toBe('SLA warning: Acme Learning P1 ticket ZD-77');
    expect(slackBody.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'SLA warning: Acme Learning P1 ticket ZD-77', emoji: false } });
    expect(slackBody.blocks[1]).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: `• <https://health.example.com/api/v1/accounts/${account.id}/dashboard|P1 ticket ZD-77 has used 75% of its 60-minute first-response target without a response.>` },
    });
    expect(receiver.at('/slack')[0].headers['x-accounthealth-signature']).toBeUndefined();

    const feishuBody = JSON.parse(receiver.at('/feishu')[0].body);
    expect(feishuBody.msg_type).toBe('post');
    expect(feishuBody.content.post.en_us.title).toBe('SLA warning: Acme Learning P1 ticket ZD-77');
    expect(feishuBody.content.post.en_us.content).toEqual([
      [
        { tag: 'text', text: '• ' },
        { tag: 'a', text: 'P1 ticket ZD-77 has used 75% of its 60-minute first-response target without a response.', href: `https://health.example.com/api/v1/accounts/${account.id}/dashboard` },
      ],
    ]);
    const { createHmac } = await import('node:crypto');
    expect(feishuBody.timestamp).toBe(String(Math.floor(clock.now().getTime() / 1000)));
    expect(feishuBody.sign).toBe(createHmac('sha256', `${feishuBody.timestamp}\n${feishuSecret}`).update('').digest('base64'));
  });

  it('pings a subscription at once and logs the attempt', async () => {
    const webhook = await createWebhook({ name: 'ping me', url: `${receiver.url}/ping`, eventTypes: ['digest.daily'] });
    const response = await request(t.server).post(`/api/v1/webhooks/${webhook.id}/ping`).set(auth(t.adminKey)).expect(200);
    expect(response.body).toMatchObject({ eventType: 'webhook.ping', status: 'succeeded', attempts: 1, lastStatusCode: 200 });
    expect(JSON.parse(receiver.at('/ping')[0].body)).toMatchObject({ type: 'webhook.ping', data: { webhookId: webhook.id } });
    receiver.script('/ping', [502]);
    const failed = await request(t.server).post(`/api/v1/webhooks/${webhook.id}/ping`).set(auth(t.adminKey)).expect(200);
    expect(failed.body).toMatchObject({ status: 'dead', attempts: 1, lastStatusCode: 502 });
  });

  it('lists, reads and updates subscriptions; refuses bad input with problem+json', async () => {
    const webhook = await createWebhook({ name: 'crud', url: `${receiver.url}/crud`, eventTypes: ['alert.opened', 'alert.opened'] });
    const got = await request(t.server).get(`/api/v1/webhooks/${webhook.id}`).set(auth(t.adminKey)).expect(200);
    expect(got.body).toMatchObject({ name: 'crud', format: 'json', eventTypes: ['alert.opened'], enabled: true, hasSecret: true });
    expect(got.body.secret).toBeUndefined();
    const patched = await request(t.server).patch(`/api/v1/webhooks/${webhook.id}`).set(auth(t.adminKey)).send({ name: 'renamed', eventTypes: ['review.reminder'] }).expect(200);
    expect(patched.body).toMatchObject({ name: 'renamed', eventTypes: ['review.reminder'] });
    const listed = await request(t.server).get('/api/v1/webhooks?limit=1').set(auth(t.adminKey)).expect(200);
    expect(listed.body.items).toHaveLength(1);
    expect(listed.body.nextCursor).not.toBeNull();

    const bad = async (body: unknown, expectedPath: string) => {
      const response = await request(t.server).post('/api/v1/webhooks').set(auth(t.adminKey)).send(body as object);
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(paths(response.body)).toContain(expectedPath);
    };
    await bad({ name: 'x', url: `${receiver.url}/x`, eventTypes: ['nope'] }, 'eventTypes');
    await bad({ name: 'x', url: `${receiver.url}/x`, eventTypes: [] }, 'eventTypes');
    await bad({ name: 'x', url: `${receiver.url}/x`, eventTypes: ['sla.warning'], format: 'teams' }, 'format');
    await bad({ name: 'x', url: `${receiver.url}/x`, eventTypes: ['sla.warning'], extra: 1 }, 'extra');
    await bad({ name: 'x', url: 'ftp://example.com/x', eventTypes: ['sla.warning'] }, 'url');
    await bad({ name: 'x', url: 42, eventTypes: ['sla.warning'] }, 'url');
    await bad({ name: 'x', url: `${receiver.url}/x`, eventTypes: ['sla.warning'], secret: 'short' }, 'secret');
    await request(t.server).post('/api/v1/webhooks').set(auth(t.adminKey)).set('content-type', 'application/json').send('{"name":').expect(400);
    await request(t.server).get('/api/v1/webhooks/not-a-uuid').set(auth(t.adminKey)).expect(400);
    await request(t.server).get('/api/v1/webhooks/3f1c2b9e-8d7a-4c6b-9e5f-1a2b3c4d5e6f').set(auth(t.adminKey)).expect(404);
    await request(t.server).post('/api/v1/deliveries/3f1c2b9e-8d7a-4c6b-9e5f-1a2b3c4d5e6f/redeliver').set(auth(t.adminKey)).expect(404);
    await request(t.server).get('/api/v1/webhooks?cursor=garbage').set(auth(t.adminKey)).expect(400);
    const managerKey = await t.keyFor('manager');
    await request(t.server).get('/api/v1/webhooks').set(auth(managerKey)).expect(403);
  });
});

/** The SSRF guard, with the strict policy: refused at creation, and at connect time when a name re-resolves (DNS rebinding). */
describe('Webhook SSRF guard (e2e)', () => {
  let t: TestApp;
  let receiver: TestReceiver;

  beforeAll(async () => {
    receiver = await new TestReceiver().start();
    t = await startTestApp({ env: { WEBHOOK_ALLOW_PRIVATE: 'false' } });
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.stop();
  });

  it.each([
    ['loopback', 'http://127.0.0.1:8080/hook'],
    ['IPv6 loopback', 'http://[::1]/hook'],
    ['private 10/8', 'http://10.0.0.5/hook'],
    ['private 192.168/16', 'https://192.168.1.10/hook'],
    ['private 172.16/12', 'http://172.20.0.1/hook'],
    ['link-local', 'http://169.254.10.10/hook'],
    ['metadata', 'http://169.254.169.254/latest/meta-data/'],
    ['IPv6 metadata', 'http://[fd00:ec2::254]/'],
    ['CGNAT', 'http://100.64.1.1/'],
    ['unspecified', 'http://0.0.0.0:3000/'],
    ['a name that resolves to loopback', 'http://localhost:3000/hook'],
  ])('refuses a %s target at creation', async (_case, url) => {
    const response = await request(t.server).post('/api/v1/webhooks').set(auth(t.adminKey)).send({ name: 'ssrf', url, eventTypes: ['sla.warning'] });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ path: 'url', message: expect.stringContaining('refused') })]);
  });

  it('refuses a private URL on update too', async () => {
    const webhooks = await t.db.pool.query(`INSERT INTO webhooks (name, url, format, event_types) VALUES ('x', 'https://example.com/x', 'json', '{sla.warning}') RETURNING id`);
    await request(t.server).patch(`/api/v1/webhooks/${webhooks.rows[0].id}`).set(auth(t.adminKey)).send({ url: 'http://10.1.1.1/' }).expect(400);
  });

  it('refuses at connect time a name that now resolves to a private address (DNS rebinding), and never connects', async () => {
    const port = new URL(receiver.url).port;
    let lookups = 0;
    const rebinding: HostResolver = async () => {
      lookups += 1;
      return [{ address: '127.0.0.1', family: 4 }];
    };
    const strict = new WebhookHttpSender({ allowPrivate: false }, rebinding, 2000);
    const outcome = await strict.post(`http://hooks.example.com:${port}/rebound`, '{}', {});
    expect(outcome).toMatchObject({ ok: false, statusCode: null, error: expect.stringContaining('hooks.example.com resolves to 127.0.0.1') });
    expect(lookups).toBe(1);
    expect(receiver.at('/rebound')).toHaveLength(0);

    // The same sender under the lenient policy connects to exactly the address it checked.
    const lenient = new WebhookHttpSender({ allowPrivate: true }, rebinding, 2000);
    const allowed = await lenient.post(`http://hooks.example.com:${port}/rebound`, '{}', {});
    expect(allowed).toMatchObject({ ok: true, statusCode: 200 });
    expect(receiver.at('/rebound')[0].headers.host).toBe(`hooks.example.com:${port}`);
  });
});
