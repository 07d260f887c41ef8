import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { PEER_GROUP_KINDS, PeerGroupKind, Recommendation, RecommendationEvidence } from '../recommendation';
import { AccountRecommendations, DEFAULT_RECOMMENDATION_LIMIT, MAX_STORED_RECOMMENDATIONS } from '../recommendations.service';

export class RecommendationQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_STORED_RECOMMENDATIONS, default: DEFAULT_RECOMMENDATION_LIMIT, description: 'How many of the best recommendations to return' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_STORED_RECOMMENDATIONS)
  limit?: number;
}

export class RecommendationEvidenceDto implements RecommendationEvidence {
  @ApiProperty({ enum: PEER_GROUP_KINDS, description: 'Narrowest peer group with at least RECOMMENDATION_MIN_PEERS accounts: same segment and industry, else segment, else everyone' })
  peerGroup: PeerGroupKind;
  @ApiProperty({ description: 'Other accounts of that group open to the feature (product licensed, segment eligible) that report adoption' }) peerCount: number;
  @ApiProperty({ description: 'Share of those peers using the feature, 0–100', example: 71 }) peerAdoptionPct: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Share of the users of the account\'s best companion feature who also use this one, 0–100' }) coAdoptionPct: number | null;
  @ApiProperty({ description: 'Users of that companion feature' }) coAdoptionSample: number;
  @ApiProperty({ type: Number, nullable: true, description: 'How much more the product line\'s main metric grew in the 4 weeks after adopting (against the 4 before) than for same-segment non-adopters over the same weeks, in percent' })
  usageLiftPct: number | null;
  @ApiProperty({ description: 'Adoptions behind usageLiftPct' }) usageLiftAdopters: number;
  @ApiProperty({ description: 'Non-adopter observations compared with' }) usageLiftComparisons: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Of adopters with an outcome, share not churned, 0–100' }) retentionAdopterPct: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Of non-adopters with an outcome, share not churned, 0–100' }) retentionNonAdopterPct: number | null;
  @ApiProperty({ description: 'Accounts with an outcome behind the retention figures' }) retentionSample: number;
  @ApiProperty({ type: Number, nullable: true, description: 'The account\'s own latest share of users on the feature while below the adoption threshold (already trying it), 0–100; null when none' })
  accountAdoptionPct: number | null;

  static from(evidence: RecommendationEvidence): RecommendationEvidenceDto {
    return Object.assign(new RecommendationEvidenceDto(), {
      peerGroup: evidence.peerGroup,
      peerCount: evidence.peerCount,
      peerAdoptionPct: evidence.peerAdoptionPct,
      coAdoptionPct: evidence.coAdoptionPct,
      coAdoptionSample: evidence.coAdoptionSample,
      usageLiftPct: evidence.usageLiftPct,
      usageLiftAdopters: evidence.usageLiftAdopters,
      usageLiftComparisons: evidence.usageLiftComparisons,
      retentionAdopterPct: evidence.retentionAdopterPct,
      retentionNonAdopterPct: evidence.retentionNonAdopterPct,
      retentionSample: evidence.retentionSample,
      accountAdoptionPct: evidence.accountAdoptionPct ?? null,
    });
  }
}

export class RecommendedFeatureDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'video-cloud-recording' }) key: string;
  @ApiProperty({ example: 'Cloud recording' }) name: string;
  @ApiProperty({ description: 'Product line key', example: 'video-calling' }) product: string;
}

export class RecommendationLinksDto {
  @ApiProperty({ type: String, nullable: true }) docs: string | null;
  @ApiProperty({ type: String, nullable: true }) guide: string | null;
  @ApiProperty({ type: String, nullable: true }) training: string | null;
}

export class RecommendationDto {
  @ApiProperty({ description: '1 is the strongest' }) rank: number;
  @ApiProperty({ type: RecommendedFeatureDto }) feature: RecommendedFeatureDto;
  @ApiProperty({ description: '0–100', example: 64.5 }) score: number;
  @ApiProperty({ type: RecommendationEvidenceDto }) evidence: RecommendationEvidenceDto;
  @ApiProperty({ type: RecommendationLinksDto }) links: RecommendationLinksDto;
  @ApiProperty({ example: "71% of growth online education accounts use Cloud recording; after adopting it their video minutes grew 18% more than peers'." })
  rationale: string;

  static from(recommendation: Recommendation): RecommendationDto {
    return Object.assign(new RecommendationDto(), {
      rank: recommendation.rank,
      feature: { id: recommendation.featureId, key: recommendation.featureKey, name: recommendation.featureName, product: recommendation.productKey },
      score: recommendation.score,
      evidence: RecommendationEvidenceDto.from(recommendation.evidence),
      links: { ...recommendation.links },
      rationale: recommendation.rationale,
    });
  }
}

export class AccountRecommendationsDto {
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'When the recommendation-stats job last covered this account; null: never (items are then empty — run the job)' })
  computedAt: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Business day the statistics stand for', example: '2026-05-01' }) asOf: string | null;
  @ApiProperty({ description: 'Features eligible for the account in that run' }) eligibleFeatures: number;
  @ApiProperty({ type: [RecommendationDto], description: 'Best first' }) items: RecommendationDto[];

  static from(recommendations: AccountRecommendations): AccountRecommendationsDto {
    return Object.assign(new AccountRecommendationsDto(), {
      accountId: recommendations.accountId,
      computedAt: recommendations.computedAt,
      asOf: recommendations.asOf,
      eligibleFeatures: recommendations.eligibleFeatures,
      items: recommendations.items.map((item) => RecommendationDto.from(item)),
    });
  }
}
