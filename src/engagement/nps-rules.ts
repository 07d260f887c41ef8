/** NPS buckets: 9–10 promoters, 7–8 passives, 0–6 detractors. Pure. */
export type NpsCategory = 'promoter' | 'passive' | 'detractor';

export function npsCategory(score: number): NpsCategory {
  return score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';
}
