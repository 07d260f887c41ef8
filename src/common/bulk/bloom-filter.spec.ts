import { BloomFilter } from './bloom-filter';

describe('BloomFilter', () => {
  it('never forgets a key it was given', () => {
    const filter = new BloomFilter(2 ** 16);
    const keys = Array.from({ length: 5000 }, (_value, index) => `account-${index}|video-minutes|2026-04-${index % 30}`);
    for (const key of keys) filter.add(key);
    expect(keys.every((key) => filter.mightContain(key))).toBe(true);
    expect(keys.every((key) => filter.add(key))).toBe(true);
  });

  it('answers "not seen" for nearly every new key while it is not overfull', () => {
    const filter = new BloomFilter(2 ** 19); // 512 Kibit for 20k keys: about 0.1% false "maybe"
    let falsePositives = 0;
    for (let index = 0; index < 20_000; index += 1) if (filter.add(`3f1c3d4e-8a7b-4c2d-9e1f-${index}|messages|2026-01-01`)) falsePositives += 1;
    for (let index = 20_000; index < 40_000; index += 1) if (filter.mightContain(`3f1c3d4e-8a7b-4c2d-9e1f-${index}|messages|2026-01-01`)) falsePositives += 1;
    expect(falsePositives).toBeLessThan(100);
  });

  it('treats a key given in parts as the parts joined by |', () => {
    const filter = new BloomFilter(2 ** 16);
    expect(filter.addKey('3f1c3d4e-8a7b-4c2d-9e1f-000000000001', 'messages', '2026-01-01')).toBe(false);
    expect(filter.mightContain('3f1c3d4e-8a7b-4c2d-9e1f-000000000001|messages|2026-01-01')).toBe(true);
    expect(filter.add('3f1c3d4e-8a7b-4c2d-9e1f-000000000001|messages|2026-01-01')).toBe(true);
    expect(filter.add('acct|video-minutes|2026-01-02')).toBe(false);
    expect(filter.addKey('acct', 'video-minutes', '2026-01-02')).toBe(true);
    expect(filter.mightContain('acct|video-minutes|2026-01-03')).toBe(false);
  });

  it('keeps a fixed size however many keys it holds', () => {
    const filter = new BloomFilter(1000);
    for (let index = 0; index < 10_000; index += 1) filter.add(String(index));
    expect(filter.mightContain('5')).toBe(true);
    expect(filter.size).toBeLessThanOrEqual(10_000);
  });
});
