import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import request from 'supertest';
import { FixedClock } from '../../src/common/clock';
import { NotificationDeliveryJob } from '../../src/notifications/notification-delivery.job';
import { RemindersJob } from '../../src/notifications/reminders.job';
import { assign, auth, createAccount, createManager } from '../accounts/fixtures';
import { seedAlert } from '../health/alerts-fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { TestReceiver } from './receiver';

interface Mail {
  to: string;
  raw: string;
}

/** A real SMTP server in the test process (no TLS, no auth). */
async function startSmtp(): Promise<{ server: SMTPServer; port: number; mails: Mail[] }> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address).join(','), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.server.address() as AddressInfo).port, mails };
}

let slotSequence = 0;
async function seedReview(
  t: TestApp,
  review: { accountId: string; managerId: string; dueDate: string; status?: string; meetingAt?: string | null; kind?: string; agendaReadyAt?: string; nudgeFlaggedAt?: string },
): Promise<string> {
  slotSequence += 1;
  const result = await t.db.pool.query(
    `INSERT INTO business_reviews (account_id, kind, status, slot, due_date, manager_id, meeting_at, agenda_ready_at, nudge_flagged_at, held_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, CASE WHEN $3 IN ('held', 'completed') THEN $7::timestamptz END) RETURNING id`,
    [review.accountId, review.kind ?? 'QBR', review.status ?? 'planned', `test-${slotSequence}`, review.dueDate, review.managerId, review.meetingAt ?? null, review.agendaReadyAt ?? null, review.nudgeFlaggedAt ?? null],
  );
  return result.rows[0].id as string;
}

async function digestsSent(t: TestApp): Promise<{ managerId: string; localDate: string; payload: Record<string, any> }[]> {
  const result = await t.db.pool.query(
    `SELECT manager_id AS "managerId", to_char(local_date, 'YYYY-MM-DD') AS "localDate", payload FROM notifications WHERE kind = 'digest.daily' ORDER BY occurred_at, manager_id`,
  );
  return result.rows;
}

/** Daily digests at each manager's own 09:00 on business days, once, by webhook and by email. */
describe('Daily digests (e2e)', () => {
  let t: TestApp;
  let receiver: TestReceiver;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  const clock = new FixedClock(new Date('2026-11-23T00:00:00Z')); // Monday
  const managers: Record<'shanghai' | 'kolkata' | 'losAngeles', { id: string; email: string }> = {} as never;
  const accounts: Record<string, string> = {};
  const reminders = () => t.app.get(RemindersJob).run();
  const deliver = () => t.app.get(NotificationDeliveryJob).run();
  const at = (instant: string) => clock.set(new Date(instant));
  const sentPairs = async () => (await digestsSent(t)).map((digest) => `${digest.managerId}:${digest.localDate}`);

  beforeAll(async () => {
    receiver = await new TestReceiver().start();
    smtp = await startSmtp();
    t = await startTestApp({
      clock,
      env: { WEBHOOK_ALLOW_PRIVATE: 'true', SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, EMAIL_FROM: 'Account Health <cs@vendor.example>', PUBLIC_BASE_URL: 'https://health.example.com' },
    });
    const zones = { shanghai: 'Asia/Shanghai', kolkata: 'Asia/Kolkata', losAngeles: 'America/Los_Angeles' } as const;
    for (const [key, timezone] of Object.entries(zones) as [keyof typeof zones, string][]) {
      const manager = await createManager(t, { timezone, name: `CSM ${key}` });
      managers[key] = { id: manager.id, email: String(manager.email) };
      const account = await createAccount(t, { name: `Account of ${key}` });
      await assign(t, account.id, manager.id, 'csm');
      accounts[key] = account.id;
      // Every week of the test has a review within 14 days, so every business day has something to say.
      for (const dueDate of ['2026-11-27', '2026-12-04', '2026-12-11']) await seedReview(t, { accountId: account.id, managerId: manager.id, dueDate });
    }
    await request(t.server).post('/api/v1/webhooks').set(auth(t.adminKey)).send({ name: 'digests', url: `${receiver.url}/digests`, eventTypes: ['digest.daily'] }).expect(201);
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.stop();
    await new Promise<void>((resolve) => smtp?.server.close(() => resolve()));
  });

  it('sends each manager their digest at their own 09:00 (Shanghai, Kolkata, Los Angeles), once', async () => {
    const { shanghai, kolkata, losAngeles } = managers;
    at('2026-11-23T00:59:00Z');
    await reminders();
    expect(await sentPairs()).toEqual([]);
    at('2026-11-23T01:00:00Z'); // 09:00 in Shanghai
    expect(await reminders()).toMatchObject({ digestsSent: 1 });
    expect(await sentPairs()).toEqual([`${shanghai.id}:2026-11-23`]);
    at('2026-11-23T03:29:00Z');
    expect(await reminders()).toMatchObject({ digestsSent: 0 });
    at('2026-11-23T03:30:00Z'); // 09:00 in Kolkata (UTC+5:30)
    await reminders();
    at('2026-11-23T16:55:00Z');
    await reminders();
    expect(await sentPairs()).toEqual([`${shanghai.id}:2026-11-23`, `${kolkata.id}:2026-11-23`]);
    at('2026-11-23T17:05:00Z'); // 09:05 in Los Angeles (UTC−8): the first run at or after 09:00
    await reminders();
    at('2026-11-23T17:10:00Z');
    await reminders();
    expect(await sentPairs()).toEqual([`${shanghai.id}:2026-11-23`, `${kolkata.id}:2026-11-23`, `${losAngeles.id}:2026-11-23`]);

    await deliver();
    const received = receiver.at('/digests').map((entry) => JSON.parse(entry.body));
    expect(received.map((body) => body.data.managerId)).toEqual([shanghai.id, kolkata.id, losAngeles.id]);
    expect(received[0]).toMatchObject({ type: 'digest.daily', data: { localDate: '2026-11-23', timezone: 'Asia/Shanghai' } });
    // Within 14 days: the reviews due in 4 and 11 days, not the one in 18.
    expect(received[0].data.dueSoon).toEqual([
      expect.objectContaining({ dueDate: '2026-11-27', daysUntil: 4, link: expect.stringMatching(/^https:\/\/health\.example\.com\/api\/v1\/reviews\//) }),
      expect.objectContaining({ dueDate: '2026-12-04', daysUntil: 11 }),
    ]);
    expect(smtp.mails.map((mail) => mail.to).sort()).toEqual([shanghai.email, kolkata.email, losAngeles.email].sort());
    const mail = smtp.mails.find((entry) => entry.to === shanghai.email)!;
    expect(mail.raw).toContain('Subject: Account Health digest for CSM shanghai, 2026-11-23');
    expect(mail.raw).toContain('Reviews in the next 14 days (2)');
    expect(mail.raw).toContain('https://health.example.com/api/v1/reviews/');
    // Delivered once: another delivery run sends nothing more.
    await deliver();
    expect(receiver.at('/digests')).toHaveLength(3);
    expect(smtp.mails).toHaveLength(3);
  });

  it('sends on business days only, in the manager\'s own calendar', async () => {
    const { shanghai, kolkata, losAngeles } = managers;
    const before = (await sentPairs()).length;
    for (const instant of ['2026-11-27T17:00:00Z', '2026-11-28T01:00:00Z', '2026-11-28T03:30:00Z', '2026-11-28T17:00:00Z', '2026-11-29T17:00:00Z', '2026-11-30T01:00:00Z']) {
      at(instant);
      await reminders();
    }
    // 2026-11-27T17:00Z is Friday 09:00 in Los Angeles and Friday 22:30 in Kolkata (the first run after its 09:00 that day),
    // but already Saturday in Shanghai; Saturday and Sunday send nothing anywhere; Monday 09:00 in Shanghai does.
    const added = (await sentPairs()).slice(before);
    expect(added.slice(0, 2).sort()).toEqual([`${losAngeles.id}:2026-11-27`, `${kolkata.id}:2026-11-27`].sort());
    expect(added.slice(2)).toEqual([`${shanghai.id}:2026-11-30`]);
  });

  it('two reminder runs started together record and send each digest once', async () => {
    // Tuesday 09:00 in Shanghai; Monday 09:00 in Los Angeles has passed too (its last run was on Sunday).
    at('2026-12-01T01:00:00Z');
    const before = await sentPairs();
    const [first, second] = await Promise.all([reminders(), reminders()]);
    const added = (await sentPairs()).slice(before.length);
    expect(added.sort()).toEqual([`${managers.shanghai.id}:2026-12-01`, `${managers.losAngeles.id}:2026-11-30`].sort());
    expect(Number(first.digestsSent) + Number(second.digestsSent)).toBe(2);
    expect(Number(first.deliveriesQueued) + Number(second.deliveriesQueued)).toBe(4); // webhook + email for each

    // Two delivery runs together send every queued digest once, by webhook and by email.
    await Promise.all([deliver(), deliver()]);
    const all = await sentPairs();
    const bodies = receiver.at('/digests').map((entry) => JSON.parse(entry.body));
    expect(bodies.map((body) => `${body.data.managerId}:${body.data.localDate}`).sort()).toEqual([...all].sort());
    expect(new Set(receiver.at('/digests').map((entry) => entry.headers['x-accounthealth-delivery'])).size).toBe(all.length);
    expect(smtp.mails).toHaveLength(all.length);
  });

  it('lists unresolved alerts opened on the manager\'s accounts since the last digest, and renewals within 90 days', async () => {
    const renewing = await createAccount(t, { name: 'Renewing Soon', renewalDate: '2027-01-15' });
    await assign(t, renewing.id, managers.shanghai.id, 'csm');
    const fresh = await seedAlert(t, accounts.shanghai, { openedAt: '2026-12-01T12:00:00Z', title: 'P3 ticket breached' });
    await seedAlert(t, accounts.shanghai, { openedAt: '2026-11-30T12:00:00Z', title: 'before the last digest' });
    await seedAlert(t, accounts.kolkata, { openedAt: '2026-12-01T12:00:00Z', title: 'someone else\'s account' });
    at('2026-12-02T01:00:00Z'); // Wednesday 09:00 in Shanghai; its last digest went out Tuesday 01:00Z
    await reminders();
    const digest = (await digestsSent(t)).find((entry) => entry.managerId === managers.shanghai.id && entry.localDate === '2026-12-02')!;
    expect(digest.payload.alerts).toEqual([expect.objectContaining({ alertId: fresh, accountId: accounts.shanghai, title: 'P3 ticket breached' })]);
    expect(digest.payload.renewals).toEqual([expect.objectContaining({ accountId: renewing.id, renewalDate: '2027-01-15', daysToRenewal: 44, band: null })]);
  });
});

/** Overdue reviews: weekly, not daily; the lead at 14 days; a held review is never overdue. */
describe('Overdue review reminders (e2e)', () => {
  let t: TestApp;
  let receiver: TestReceiver;
  const clock = new FixedClock(new Date('2026-11-23T09:00:00Z'));
  let csm: { id: string };
  let lead: { id: string };
  let overdueReview: string;
  let heldReview: string;

  beforeAll(async () => {
    receiver = await new TestReceiver().start();
    t = await startTestApp({ clock, env: { WEBHOOK_ALLOW_PRIVATE: 'true' } });
    lead = await createManager(t, { role: 'lead', timezone: 'UTC', name: 'Lead Lee' });
    csm = await createManager(t, { timezone: 'UTC', leadId: lead.id, name: 'Casey CSM' });
    const account = await createAccount(t, { name: 'Overdue Co' });
    await assign(t, account.id, csm.id, 'csm');
    overdueReview = await seedReview(t, { accountId: account.id, managerId: csm.id, dueDate: '2026-11-20' });
    heldReview = await seedReview(t, { accountId: account.id, managerId: csm.id, dueDate: '2026-11-19', status: 'held', meetingAt: '2026-11-19T10:00:00Z' });
    await request(t.server).post('/api/v1/webhooks').set(auth(t.adminKey)).send({ name: 'reminders', url: `${receiver.url}/reminders`, eventTypes: ['review.reminder'] }).expect(201);
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.stop();
  });

  it('repeats an overdue review weekly to its manager, tells the lead from 14 days, and never reports a held review', async () => {
    for (let day = 0; day < 21; day += 1) {
      clock.set(new Date(Date.parse('2026-11-23T09:00:00Z') + day * 86_400_000));
      await t.app.get(RemindersJob).run();
    }
    const result = await t.db.pool.query(
      `SELECT manager_id AS "recipient", subject_id AS "reviewId", to_char(local_date, 'YYYY-MM-DD') AS "localDate", payload FROM notifications WHERE kind = 'review.reminder' ORDER BY local_date, manager_id`,
    );
    const byRecipient = (id: string) => result.rows.filter((row) => row.recipient === id).map((row) => row.localDate);
    expect(byRecipient(csm.id)).toEqual(['2026-11-23', '2026-11-30', '2026-12-07']);
    // Due 2026-11-20: 14 days overdue on Friday 2026-12-04, then a week later.
    expect(byRecipient(lead.id)).toEqual(['2026-12-04', '2026-12-11']);
    expect(result.rows.every((row) => row.reviewId === overdueReview)).toBe(true);
    expect(result.rows.some((row) => row.reviewId === heldReview)).toBe(false);
    expect(result.rows.find((row) => row.recipient === lead.id).payload).toMatchObject({ escalation: true, daysOverdue: 14, managerName: 'Casey CSM' });

    // The digests carry them: the manager's overdue section, the lead's escalations; no digest on days with nothing to say.
    const digests = await digestsSent(t);
    expect(digests.map((digest) => `${digest.managerId === lead.id ? 'lead' : 'csm'}:${digest.localDate}`)).toEqual([
      'csm:2026-11-23',
      'csm:2026-11-30',
      'lead:2026-12-04',
      'csm:2026-12-07',
      'lead:2026-12-11',
    ]);
    expect(digests[2].payload.escalations).toEqual([expect.objectContaining({ reviewId: overdueReview, daysUntil: -14 })]);
    expect(digests[0].payload.overdue).toEqual([expect.objectContaining({ reviewId: overdueReview, daysUntil: -3 })]);

    await t.app.get(NotificationDeliveryJob).run();
    const bodies = receiver.at('/reminders').map((entry) => JSON.parse(entry.body));
    expect(bodies).toHaveLength(5);
    expect(bodies.filter((body) => body.data.escalation).map((body) => body.data.recipientManagerId)).toEqual([lead.id, lead.id]);
  });

  it('keeps 09:00 local across the end of daylight saving in Los Angeles (16:00 UTC before, 17:00 UTC after)', async () => {
    const pacific = await createManager(t, { timezone: 'America/Los_Angeles', name: 'Pat Pacific' });
    const account = await createAccount(t, { name: 'Pacific Co' });
    await assign(t, account.id, pacific.id, 'csm');
    await seedReview(t, { accountId: account.id, managerId: pacific.id, dueDate: '2026-11-06' });
    const sentTo = async () => (await digestsSent(t)).filter((digest) => digest.managerId === pacific.id).map((digest) => digest.localDate);
    for (const [instant, expected] of [
      ['2026-10-30T15:59:00Z', []], // Friday 08:59 PDT
      ['2026-10-30T16:00:00Z', ['2026-10-30']], // Friday 09:00 PDT
      ['2026-11-02T16:30:00Z', ['2026-10-30']], // Monday 08:30 PST: an hour-offset clock would have sent at 16:00
      ['2026-11-02T17:00:00Z', ['2026-10-30', '2026-11-02']], // Monday 09:00 PST
    ] as [string, string[]][]) {
      clock.set(new Date(instant));
      await t.app.get(RemindersJob).run();
      expect(await sentTo()).toEqual(expected);
    }
  });
});
