import { isEmailAddress, isInstant, isUuid } from './engagement-validators';

describe('engagement validators', () => {
  it.each([
    ['2026-05-01T14:30:00Z', true],
    ['2026-05-01T14:30:00.123Z', true],
    ['2026-05-01T14:30+08:00', true],
    ['2026-05-01T14:30:00', false],
    ['2026-05-01', false],
    ['2026-02-30T10:00:00Z', false],
    ['2026-13-01T10:00:00Z', false],
    ['0001-01-01T00:00:00Z', false],
    ['yesterday', false],
    [1714573800000, false],
  ])('isInstant(%p) is %p', (value, expected) => {
    expect(isInstant(value)).toBe(expected);
  });

  it('tells ids from emails', () => {
    expect(isUuid('3f6c1b8e-2a4d-4c7e-9b1a-0d2e3f4a5b6c')).toBe(true);
    expect(isUuid('ana@vendor.example')).toBe(false);
    expect(isEmailAddress('ana@vendor.example')).toBe(true);
    expect(isEmailAddress('ana')).toBe(false);
    expect(isEmailAddress('ana\u0000@vendor.example')).toBe(false);
  });
});
