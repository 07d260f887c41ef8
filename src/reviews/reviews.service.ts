import { Injectable } from '@nestjs/common';
import type { ReviewDigestItem } from './review-digest';
import { ReviewDigestRepository } from './review-digest.repository';

/** What other modules ask of business reviews. No scope check: callers check scope. */
@Injectable()
export class ReviewsService {
  constructor(private readonly digest: ReviewDigestRepository) {}

  /** Open reviews (planned, agenda_ready, scheduled) of live accounts for these managers; null = every manager. */
  openReviewsForManagers(managerIds: string[] | null): Promise<ReviewDigestItem[]> {
    return this.digest.openReviewsForManagers(managerIds === null ? null : [...new Set(managerIds)]);
  }

  /** The earliest open review of each account that has one. */
  nextReviewsForAccounts(accountIds: string[]): Promise<Map<string, ReviewDigestItem>> {
    return this.digest.nextReviewsForAccounts([...new Set(accountIds)]);
  }
}
