import type { AccountRecord } from './account.repository';
import { mergeAccountInput } from './account-write';

const stored: AccountRecord = {
  id: 'b0c8a3b2-8c55-4d4e-9a0b-000000000001',
  externalId: 'crm-1',
  name: 'Stored',
  segment: 'growth',
  industry: 'social',
  region: 'emea',
  timezone: 'Europe/Berlin',
  parentId: null,
  appIds: ['app-1'],
  isTest: false,
  billingModel: 'commit',
  commitAmount: '100.00',
  commitPeriod: 'year',
  autoRenew: true,
  renewalDate: '2027-01-01',
  arr: '1200.00',
  currency: 'EUR',
  supportPlan: 'premium',
  products: ['video-calling'],
  useCases: [],
  lifecycleStage: null,
  attributes: { tier: 'gold' },
  archivedAt: null,
  createdAt: new Date('2026-01-01T00:00:00Z'),
  updatedAt: new Date('2026-01-01T00:00:00Z'),
};

describe('mergeAccountInput', () => {
  it('fills defaults for a new account', () => {
    const state = mergeAccountInput({ externalId: 'x', name: 'X', segment: 'startup' }, undefined, { currency: 'USD' });
    expect(state).toMatchObject({ id: null, arr: '0.00', currency: 'USD', billingModel: 'commit', appIds: [], attributes: {}, commitAmount: null });
  });

  it('keeps stored values for fields left out, clears with null, normalises money and lists', () => {
    const state = mergeAccountInput({ industry: null, arr: 99.5, appIds: ['b', 'a', 'b'] }, stored, { currency: 'USD' });
    expect(state).toMatchObject({ id: stored.id, name: 'Stored', industry: null, arr: '99.50', currency: 'EUR', appIds: ['a', 'b'], commitAmount: '100.00' });
    expect(state).not.toHaveProperty('archivedAt');
  });
});
