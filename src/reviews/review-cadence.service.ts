import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { ValidationFailedError } from '../common/problem';
import type { PutReviewCadencesDto, ReviewCadencesResponseDto } from './dto/review-cadence.dto';
import { ReviewCadenceRepository } from './review-cadence.repository';
import type { PlanningCadence } from './review-planning';

/** Review cadences per segment (a configurable table: segments are never a hard-coded list). */
@Injectable()
export class ReviewCadenceService {
  constructor(
    private readonly cadences: ReviewCadenceRepository,
    private readonly clock: Clock,
  ) {}

  async list(): Promise<ReviewCadencesResponseDto> {
    const { segments, cadences } = await this.cadences.segmentsWithCadences();
    return {
      items: segments.map((segment) => {
        const rows = cadences.filter((cadence) => cadence.segment === segment.key);
        return {
          segment: segment.key,
          segmentName: segment.name,
          reviews: rows
            .filter((row) => row.kind !== 'renewal')
            .map((row) => ({ kind: row.kind as 'EBR' | 'QBR' | 'operations', everyMonths: row.everyMonths!, managerRole: row.managerRole })),
          renewalLeadDays: rows.find((row) => row.kind === 'renewal')?.leadDays ?? null,
        };
      }),
    };
  }

  async replace(body: PutReviewCadencesDto): Promise<ReviewCadencesResponseDto> {
    const errors: { path: string; message: string }[] = [];
    const seen = new Set<string>();
    body.items.forEach((item, index) => {
      if (seen.has(item.segment)) errors.push({ path: `items.${index}.segment`, message: `segment ${item.segment} is listed twice` });
      seen.add(item.segment);
      const kinds = new Set<string>();
      item.reviews.forEach((review, position) => {
        if (kinds.has(review.kind)) errors.push({ path: `items.${index}.reviews.${position}.kind`, message: `${review.kind} is listed twice for ${item.segment}` });
        kinds.add(review.kind);
      });
    });
    const known = await this.cadences.existingSegments([...seen]);
    body.items.forEach((item, index) => {
      if (!known.has(item.segment)) errors.push({ path: `items.${index}.segment`, message: `unknown segment ${item.segment}` });
    });
    if (errors.length > 0) throw new ValidationFailedError(errors);
    const rows: PlanningCadence[] = body.items.flatMap((item) => [
      ...item.reviews.map((review) => ({
        segment: item.segment,
        kind: review.kind,
        everyMonths: review.everyMonths,
        leadDays: null,
        managerRole: review.managerRole ?? (review.kind === 'operations' ? 'tam' : 'csm'),
      })),
      ...(item.renewalLeadDays === null || item.renewalLeadDays === undefined
        ? []
        : [{ segment: item.segment, kind: 'renewal' as const, everyMonths: null, leadDays: item.renewalLeadDays, managerRole: 'csm' as const }]),
    ]);
    await this.cadences.replace([...seen], rows, this.clock.now());
    return this.list();
  }
}
