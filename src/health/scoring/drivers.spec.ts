import { DriverInput, findDrivers } from './drivers';

function component(key: string, share: number, score: number | null, facts: string[] = [`${key} fact`], status: DriverInput['status'] = 'scored'): DriverInput {
  return { key, label: key.replace(/-/g, ' '), status, score, share, facts };
}

const pulls = (drivers: { key: string; pull: number }[]) => drivers.map((driver) => [driver.key, Number(driver.pull.toFixed(6))]);

describe('drivers: components pulling furthest from neutral', () => {
  it.each<[string, DriverInput[], number, Array<[string, number]>, Array<[string, number]>]>([
    [
      // 0.5 × (40 − 75) = −17.5; 0.3 × (90 − 75) = +4.5; 0.2 × 0 = 0 is no driver.
      'one down, one up, one at neutral',
      [component('usage-trend', 0.5, 40), component('support', 0.3, 90), component('adoption', 0.2, 75)],
      75,
      [['support', 4.5]],
      [['usage-trend', -17.5]],
    ],
    [
      // Heavy 0.6 × (65 − 75) = −6 outranks light 0.05 × (10 − 75) = −3.25: pull, not score, decides.
      'a heavy component a little off outranks a light one far off',
      [component('relationship', 0.05, 10), component('usage-trend', 0.6, 65), component('support', 0.35, 75)],
      75,
      [],
      [
        ['usage-trend', -6],
        ['relationship', -3.25],
      ],
    ],
    [
      'components without data are never drivers',
      [component('usage-trend', 0, null, [], 'missing'), component('sentiment', 0, null, [], 'stale'), component('support', 1, 20)],
      75,
      [],
      [['support', -55]],
    ],
    [
      // Equal pulls: alphabetical by key, so the answer never depends on input order.
      'ties break by key',
      [component('sentiment', 0.5, 95), component('adoption', 0.5, 95)],
      75,
      [
        ['adoption', 10],
        ['sentiment', 10],
      ],
      [],
    ],
    [
      // 0.5 × (60 − 50) = +5 with a neutral of 50; the same score would be a down driver at 75.
      'a model with a lower neutral score',
      [component('adoption', 0.5, 60), component('support', 0.5, 40)],
      50,
      [['adoption', 5]],
      [['support', -5]],
    ],
    [
      // 1 × (75.004 − 75) = 0.004 points: noise, not a driver.
      'a pull under a hundredth of a point',
      [component('support', 1, 75.004)],
      75,
      [],
      [],
    ],
  ])('%s', (_case, components, neutral, up, down) => {
    const drivers = findDrivers(components, neutral);
    expect(pulls(drivers.up)).toEqual(up);
    expect(pulls(drivers.down)).toEqual(down);
  });

  it('keeps the top three each way unless told otherwise', () => {
    const many = ['a', 'b', 'c', 'd', 'e'].map((key, index) => component(key, 0.2, 70 - index * 10));
    expect(findDrivers(many, 75).down.map((driver) => driver.key)).toEqual(['e', 'd', 'c']);
    expect(findDrivers(many, 75, 1).down.map((driver) => driver.key)).toEqual(['e']);
  });

  it('says each driver in a sentence a CSM can repeat', () => {
    const drivers = findDrivers(
      [component('usage-trend', 0.5, 15, ['video minutes −38% over 28 days']), component('support', 0.3, 40, ['2 P1 tickets breached SLA in 90 days', '1 open P1 ticket']), component('adoption', 0.2, 100, [])],
      75,
    );
    expect(drivers.down.map((driver) => driver.sentence)).toEqual(['usage trend: video minutes −38% over 28 days', 'support: 2 P1 tickets breached SLA in 90 days, 1 open P1 ticket']);
    expect(drivers.up[0]).toMatchObject({ key: 'adoption', direction: 'up', score: 100, sentence: 'adoption', facts: [] });
  });
});
