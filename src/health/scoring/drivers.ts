/**
 * Drivers: the components pulling the score furthest from neutral, up and down, each with the
 * facts behind it. A component's pull is its renormalised share times its distance from the
 * neutral score (by default the green threshold: a component at or above it keeps the account
 * green), so a heavy component a little off can outrank a light one far off — as it should,
 * since that is what moves the total.
 */

/** What drivers need of a scored component (`ComponentScore` from score.ts fits). */
export interface DriverInput {
  key: string;
  label: string;
  status: 'scored' | 'missing' | 'stale';
  score: number | null;
  /** Renormalised share of the weight, 0–1. */
  share: number;
  facts: readonly string[];
}

export interface Driver {
  key: string;
  label: string;
  direction: 'up' | 'down';
  /** Points above (+) or below (−) what the account would score were this component neutral. */
  pull: number;
  score: number;
  facts: string[];
  /** "usage trend: video minutes −38% over 28 days". */
  sentence: string;
}

export interface Drivers {
  up: Driver[];
  down: Driver[];
}

export const DEFAULT_DRIVER_LIMIT = 3;

/** The top `limit` components lifting and dragging the score, furthest pull first. */
export function findDrivers(components: readonly DriverInput[], neutralScore: number, limit = DEFAULT_DRIVER_LIMIT): Drivers {
  const drivers: Driver[] = [];
  for (const component of components) {
    if (component.status !== 'scored' || component.score === null || component.share <= 0) continue;
    const pull = component.share * (component.score - neutralScore);
    // Less than a hundredth of a point either way is no driver, only noise.
    if (Math.abs(pull) < 0.005) continue;
    drivers.push({
      key: component.key,
      label: component.label,
      direction: pull > 0 ? 'up' : 'down',
      pull,
      score: component.score,
      facts: [...component.facts],
      sentence: driverSentence(component.label, component.facts),
    });
  }
  const furthestFirst = (left: Driver, right: Driver) => Math.abs(right.pull) - Math.abs(left.pull) || left.key.localeCompare(right.key);
  return {
    up: drivers.filter((driver) => driver.direction === 'up').sort(furthestFirst).slice(0, limit),
    down: drivers.filter((driver) => driver.direction === 'down').sort(furthestFirst).slice(0, limit),
  };
}

export function driverSentence(label: string, facts: readonly string[]): string {
  return facts.length === 0 ? label : `${label}: ${facts.join(', ')}`;
}

