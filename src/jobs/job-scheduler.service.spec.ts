import { slotForTick } from './job-scheduler.service';

describe('slotForTick', () => {
  it.each([
    ['2026-11-22T03:00:00.004Z', '2026-11-22T03:00:00.000Z'],
    ['2026-11-22T03:00:00.180Z', '2026-11-22T03:00:00.000Z'],
    ['2026-11-22T02:59:59.950Z', '2026-11-22T03:00:00.000Z'],
  ])('a tick fired at %s claims slot %s', (firedAt, slot) => {
    expect(slotForTick(new Date(firedAt)).toISOString()).toBe(slot);
  });
});
