import { findPrerequisiteCycle } from '../catalog/prerequisite-graph';
import { buildDemoDataset } from './demo-dataset';

describe('buildDemoDataset', () => {
  const dataset = buildDemoDataset({ seed: 1, asOf: '2026-11-22' });

  it('is the same for the same seed and day, and differs for another seed', () => {
    expect(buildDemoDataset({ seed: 1, asOf: '2026-11-22' })).toEqual(dataset);
    expect(buildDemoDataset({ seed: 2, asOf: '2026-11-22' }).accounts).not.toEqual(dataset.accounts);
  });

  it('has the sizes the demo promises', () => {
    expect(dataset.accounts).toHaveLength(200);
    expect(dataset.managers).toHaveLength(15);
    expect(dataset.features).toHaveLength(25);
    expect(buildDemoDataset({ seed: 1, asOf: '2026-11-22', accounts: 40 }).accounts).toHaveLength(40);
  });

  it('gives accounts support plans that have seeded SLA policies', () => {
    const plans = new Set(dataset.accounts.flatMap((account) => [account.supportPlan, ...account.history.map((version) => version.terms.supportPlan)]));
    expect([...plans].sort()).toEqual(['enterprise', 'professional', 'standard']);
  });

  it('keeps feature prerequisites known and acyclic', () => {
    const graph = new Map(dataset.features.map((feature) => [feature.key, feature.prerequisites]));
    for (const feature of dataset.features) {
      expect(findPrerequisiteCycle(graph, feature.key)).toBeNull();
      for (const prerequisite of feature.prerequisites) expect(graph.has(prerequisite)).toBe(true);
    }
  });

  it('gives unique external ids, names and app ids, and parents that exist', () => {
    const externalIds = new Set(dataset.accounts.map((account) => account.externalId));
    expect(externalIds.size).toBe(dataset.accounts.length);
    expect(new Set(dataset.accounts.map((account) => account.name)).size).toBe(dataset.accounts.length);
    const appIds = dataset.accounts.flatMap((account) => account.appIds);
    expect(new Set(appIds).size).toBe(appIds.length);
    for (const account of dataset.accounts) if (account.parentExternalId) expect(externalIds.has(account.parentExternalId)).toBe(true);
  });

  it('writes history versions that meet end to end before the current terms', () => {
    for (const account of dataset.accounts) {
      let from = account.createdAt;
      for (const version of account.history) {
        expect(version.validFrom).toBe(from);
        expect(version.validTo > version.validFrom).toBe(true);
        from = version.validTo;
      }
      expect(account.currentFrom).toBe(from);
    }
  });

  it('converts into another reporting currency, and has no rates for one it does not know', () => {
    const inEuro = buildDemoDataset({ seed: 1, asOf: '2026-11-22', reportingCurrency: 'EUR' });
    expect(inEuro.fxRates.some((rate) => rate.currency === 'USD')).toBe(true);
    expect(inEuro.fxRates.some((rate) => rate.currency === 'EUR')).toBe(false);
    expect(buildDemoDataset({ seed: 1, asOf: '2026-11-22', reportingCurrency: 'CHF' }).fxRates).toEqual([]);
  });

  it('refuses a day that is not YYYY-MM-DD', () => {
    expect(() => buildDemoDataset({ seed: 1, asOf: '22/11/2026' })).toThrow(/YYYY-MM-DD/);
  });
});
