import { effectiveHealth, HealthOverride, overrideErrors, overrideState } from './override';

const override: HealthOverride = {
  band: 'red',
  score: 35,
  reasonCode: 'renewal-risk',
  note: 'Budget frozen until Q4; the champion is leaving.',
  setAt: '2027-06-01T09:00:00Z',
  expiresAt: '2027-07-01T09:00:00Z',
};
const computed = { score: 82, band: 'green' as const };

describe('override expiry', () => {
  it.each([
    ['before it was set (replaying an earlier date)', '2027-05-31T09:00:00Z', 'pending'],
    ['the moment it is set', '2027-06-01T09:00:00Z', 'effective'],
    ['halfway', '2027-06-15T00:00:00Z', 'effective'],
    ['a millisecond before expiry', '2027-07-01T08:59:59.999Z', 'effective'],
    ['at the expiry instant (exclusive)', '2027-07-01T09:00:00Z', 'expired'],
    ['long after', '2028-01-01T00:00:00Z', 'expired'],
  ])('is %s → %s', (_case, asOf, state) => {
    expect(overrideState(override, asOf)).toBe(state);
  });

  it('accepts Date instants as node-pg returns them', () => {
    expect(overrideState({ setAt: new Date('2027-06-01T09:00:00Z'), expiresAt: new Date('2027-07-01T09:00:00Z') }, new Date('2027-07-02T00:00:00Z'))).toBe('expired');
  });
});

describe('effective health', () => {
  it.each<[string, HealthOverride | null, string, { score: number | null; band: string; source: string; state: string | null }]>([
    ['no override', null, '2027-06-15T00:00:00Z', { score: 82, band: 'green', source: 'computed', state: null }],
    ['an effective override with a score', override, '2027-06-15T00:00:00Z', { score: 35, band: 'red', source: 'override', state: 'effective' }],
    ['an effective band-only override keeps the computed score', { ...override, score: null }, '2027-06-15T00:00:00Z', { score: 82, band: 'red', source: 'override', state: 'effective' }],
    ['an expired override no longer applies but is still shown', override, '2027-07-01T09:00:00Z', { score: 82, band: 'green', source: 'computed', state: 'expired' }],
    ['an override set after asOf does not apply yet', override, '2027-05-01T00:00:00Z', { score: 82, band: 'green', source: 'computed', state: 'pending' }],
  ])('%s', (_case, given, asOf, expected) => {
    const result = effectiveHealth(computed, given, asOf);
    expect({ score: result.score, band: result.band, source: result.source, state: result.override?.state ?? null }).toEqual(expected);
    expect(result.computed).toEqual(computed);
  });
});

describe('override validation', () => {
  const asOf = '2027-06-01T09:00:00Z';
  const bands = { green: 75, yellow: 50 };
  const request = (changes: Record<string, unknown> = {}) => ({ band: 'yellow', score: 60, reasonCode: 'known-incident', note: 'Outage on 2027-05-30 distorts quality.', expiresAt: '2027-06-15T00:00:00Z', ...changes });

  it.each([
    ['a complete request', request()],
    ['no score', request({ score: undefined })],
    ['a null score', request({ score: null })],
    ['a green score at the threshold', request({ band: 'green', score: 75 })],
    ['an expiry exactly 365 days ahead', request({ expiresAt: '2028-05-31T09:00:00Z' })],
  ])('accepts %s', (_case, input) => {
    expect(overrideErrors(input, asOf, bands)).toEqual([]);
  });

  it.each([
    ['an unknown band', request({ band: 'unknown' }), [{ path: 'band', message: 'must be green, yellow or red' }]],
    ['a score outside its band', request({ band: 'red', score: 60 }), [{ path: 'score', message: 'must lie in the red band (0 to below 50)' }]],
    ['a yellow score at the green threshold', request({ score: 75 }), [{ path: 'score', message: 'must lie in the yellow band (50 to below 75)' }]],
    ['a score above 100', request({ band: 'green', score: 101 }), [{ path: 'score', message: 'must be a number from 0 to 100' }]],
    ['an unknown reason code', request({ reasonCode: 'gut-feeling' }), [{ path: 'reasonCode', message: expect.stringMatching(/^must be one of data-gap, known-incident/) }]],
    ['an empty note', request({ note: '   ' }), [{ path: 'note', message: 'must be a non-empty string of up to 2000 characters' }]],
    ['an expiry in the past', request({ expiresAt: '2027-06-01T08:00:00Z' }), [{ path: 'expiresAt', message: 'must be in the future' }]],
    ['an expiry at asOf', request({ expiresAt: asOf }), [{ path: 'expiresAt', message: 'must be in the future' }]],
    ['an expiry more than a year ahead', request({ expiresAt: '2028-06-02T00:00:00Z' }), [{ path: 'expiresAt', message: 'must be at most 365 days ahead' }]],
    ['a day without a time', request({ expiresAt: '2027-06-15' }), [{ path: 'expiresAt', message: 'must be an ISO-8601 instant' }]],
    ['not an object', 'red', [{ path: '', message: 'must be an object' }]],
  ])('refuses %s', (_case, input, expected) => {
    expect(overrideErrors(input, asOf, bands)).toEqual(expected);
  });

  it('honours a shorter maximum', () => {
    expect(overrideErrors(request({ expiresAt: '2027-07-15T00:00:00Z' }), asOf, bands, 30)).toEqual([{ path: 'expiresAt', message: 'must be at most 30 days ahead' }]);
  });
});
