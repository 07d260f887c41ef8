import { ConfigError, loadConfig } from '../config/app-config';

describe('ADOPTION_THRESHOLD_PCT', () => {
  it('defaults to 20 and takes a percentage with up to two decimals', () => {
    expect(loadConfig({}).adoptionThresholdPct).toBe(20);
    expect(loadConfig({ ADOPTION_THRESHOLD_PCT: '12.5' }).adoptionThresholdPct).toBe(12.5);
    expect(loadConfig({ ADOPTION_THRESHOLD_PCT: '100' }).adoptionThresholdPct).toBe(100);
  });

  it.each(['0', '101', '-5', 'twenty', '20%', '1.234'])('stops with a message naming the variable for %p', (value) => {
    expect(() => loadConfig({ ADOPTION_THRESHOLD_PCT: value })).toThrow(ConfigError);
    expect(() => loadConfig({ ADOPTION_THRESHOLD_PCT: value })).toThrow(/ADOPTION_THRESHOLD_PCT/);
  });
});
