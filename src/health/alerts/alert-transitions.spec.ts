import { loadConfig, ConfigError } from '../../config/app-config';
import { alertEvents } from './alert-events';
import type { AlertDraft } from './alert-rules';
import { snoozeErrors, transitionConflict } from './alert-transitions';
import { readFileSync } from 'node:fs';
import path from 'node:path';

describe('alert transitions', () => {
  it.each([
    ['open', 'acknowledge', null],
    ['snoozed', 'acknowledge', null],
    ['acknowledged', 'acknowledge', 'The alert is already acknowledged.'],
    ['resolved', 'acknowledge', 'The alert is resolved; a resolved alert cannot be acknowledged.'],
    ['open', 'snooze', null],
    ['acknowledged', 'snooze', null],
    ['snoozed', 'snooze', null],
    ['resolved', 'snooze', 'The alert is resolved; a resolved alert cannot be snoozed.'],
    ['open', 'resolve', null],
    ['snoozed', 'resolve', null],
    ['acknowledged', 'resolve', null],
    ['resolved', 'resolve', 'The alert is resolved; a resolved alert cannot be resolved again.'],
  ] as const)('%s → %s', (status, action, expected) => {
    expect(transitionConflict(status, action)).toBe(expected);
  });

  const now = new Date('2026-06-20T12:00:00Z');
  it.each([
    ['tomorrow', '2026-06-21T12:00:00Z', 'known_cause', null, []],
    ['exactly 90 days', '2026-09-18T12:00:00Z', 'known_cause', null, []],
    ['90 days and a second', '2026-09-18T12:00:01Z', 'known_cause', null, ['until']],
    ['now', '2026-06-20T12:00:00Z', 'known_cause', null, ['until']],
    ['the past', '2026-06-19T12:00:00Z', 'data_issue', null, ['until']],
    ['other without a note', '2026-06-21T12:00:00Z', 'other', null, ['note']],
    ['other with a blank note', '2026-06-21T12:00:00Z', 'other', '  ', ['note']],
    ['other with a note', '2026-06-21T12:00:00Z', 'other', 'board change', []],
  ] as const)('snooze until %s', (_name, until, reasonCode, note, paths) => {
    expect(snoozeErrors(new Date(until), reasonCode, note, now).map((error) => error.path)).toEqual(paths);
  });
});

describe('alert events', () => {
  const account = { accountId: 'a', name: 'Acme', externalId: 'crm-1', segment: 'enterprise' };
  const band: AlertDraft = {
    accountId: 'a',
    kind: 'band_dropped',
    severity: 'high',
    title: 'Health dropped from green to red',
    sourceRef: '2026-06-19:red',
    facts: { sentence: 'Health has been red since 2026-06-19, down from green on 2026-06-18 (score 40).', fromBand: 'green', toBand: 'red', since: '2026-06-19', day: '2026-06-20', score: 40 },
  };

  it('tells a strategic or enterprise account turning red at once', () => {
    const events = alertEvents(band, account, { band: 'red', score: 40 }, '2026-06-20');
    expect(events.map((event) => event.topic)).toEqual(['alert.opened', 'account.turned_red']);
    expect(events[0].payload).toMatchObject({ kind: 'band_dropped', segment: 'enterprise', band: 'red', immediate: true, asOf: '2026-06-20', schemaVersion: 1 });
    expect(events[1].payload).toEqual({
      schemaVersion: 1,
      accountId: 'a',
      accountName: 'Acme',
      accountExternalId: 'crm-1',
      segment: 'enterprise',
      fromBand: 'green',
      band: 'red',
      score: 40,
      since: '2026-06-19',
      day: '2026-06-20',
      sentence: 'Acme (enterprise) turned red: Health has been red since 2026-06-19, down from green on 2026-06-18 (score 40).',
    });
  });

  it('a growth account turning red, or turning yellow, goes to the digest only', () => {
    expect(alertEvents(band, { ...account, segment: 'growth' }, { band: 'red', score: 40 }, '2026-06-20').map((event) => event.topic)).toEqual(['alert.opened']);
    const yellow = { ...band, facts: { ...band.facts, toBand: 'yellow' } };
    const events = alertEvents(yellow, account, { band: 'yellow', score: 60 }, '2026-06-20');
    expect(events.map((event) => event.topic)).toEqual(['alert.opened']);
    expect(events[0].payload.immediate).toBe(false);
  });

  it('a P1/P2 response at risk is an immediate sla.warning too', () => {
    const atRisk: AlertDraft = {
      accountId: 'a',
      kind: 'sla_response_at_risk',
      severity: 'critical',
      title: 't',
      sourceRef: 'ticket-1',
      facts: { sentence: 's', ticketId: 'ticket-1', externalId: 'ZD-1', ticketSeverity: 'P1', subject: null, targetMinutes: 5, targetUsedPct: 80, firstResponseDueAt: '2026-06-20T12:01:00.000Z' },
    };
    const events = alertEvents(atRisk, { ...account, segment: 'startup' }, { band: null, score: null }, '2026-06-20T12:00:00.000Z');
    expect(events.map((event) => event.topic)).toEqual(['alert.opened', 'sla.warning']);
    expect(events[0].payload.immediate).toBe(true);
    expect(events[1].payload).toMatchObject({ ticketId: 'ticket-1', ticketExternalId: 'ZD-1', ticketSeverity: 'P1', targetUsedPct: 80, targetMinutes: 5 });
  });
});

describe('ALERT_SCORE_DROP_POINTS', () => {
  it('defaults to 15 and takes an integer from 1 to 100', () => {
    expect(loadConfig({}).alertScoreDropPoints).toBe(15);
    expect(loadConfig({ ALERT_SCORE_DROP_POINTS: '10' }).alertScoreDropPoints).toBe(10);
    for (const bad of ['0', '101', '7.5', 'ten', '-3']) {
      expect(() => loadConfig({ ALERT_SCORE_DROP_POINTS: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ ALERT_SCORE_DROP_POINTS: bad })).toThrow(/ALERT_SCORE_DROP_POINTS/);
    }
  });
});

describe('pure alert files', () => {
  it.each(['alert-rules.ts', 'alert-events.ts', 'alert-transitions.ts'])('%s imports no framework or database and never reads the clock', (file) => {
    const source = readFileSync(path.join(__dirname, file), 'utf8');
    expect(source).not.toMatch(/from '(@nestjs\/[^']*|typeorm|pg|pg-[^']*)'/);
    expect(source).not.toMatch(/new Date\(\s*\)|Date\.now\(/);
  });
});
