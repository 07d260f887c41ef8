import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { HealthModelVersionDto } from '../../dto/health-model.dto';
import { LEFT_OUT_REASONS } from '../backtest-evaluation';
import type { BacktestResult, FitResult, VersionBacktest } from '../backtest.service';
import { DEFAULT_HORIZON_DAYS, MAX_HORIZON_DAYS, MIN_HORIZON_DAYS } from '../backtest.service';
import { DEFAULT_FIT_OPTIONS } from '../scorecard-fit';

export class BacktestRequestDto {
  @ApiPropertyOptional({ minimum: MIN_HORIZON_DAYS, maximum: MAX_HORIZON_DAYS, default: DEFAULT_HORIZON_DAYS, description: 'Each outcome is judged by its account\'s score this many days before it' })
  @IsOptional()
  @IsInt()
  @Min(MIN_HORIZON_DAYS)
  @Max(MAX_HORIZON_DAYS)
  horizonDays?: number;
}

export class FitRequestDto extends BacktestRequestDto {
  @ApiPropertyOptional({ minimum: 2, maximum: 10, default: DEFAULT_FIT_OPTIONS.folds, description: 'Cross-validation folds (grouped by account)' })
  @IsOptional()
  @IsInt()
  @Min(2)
  @Max(10)
  folds?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 2_147_483_647, default: DEFAULT_FIT_OPTIONS.seed, description: 'Seed of the fold assignment: the same seed gives the same answer' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(2_147_483_647)
  seed?: number;
}

class SampleSizeDto {
  @ApiProperty() samples: number;
  @ApiProperty() churned: number;
  @ApiProperty() retained: number;
  @ApiProperty() accounts: number;
  @ApiProperty({ description: 'Scores read from the daily record' }) fromDailyRecord: number;
  @ApiProperty({ description: 'Scores recomputed as of the as-of day' }) recomputed: number;
}

class SegmentAucDto {
  @ApiProperty() segment: string;
  @ApiProperty() samples: number;
  @ApiProperty() churned: number;
  @ApiProperty({ type: Number, nullable: true }) auc: number | null;
}

class BandOutcomeDto {
  @ApiProperty({ enum: ['green', 'yellow', 'red', 'unknown'] }) band: string;
  @ApiProperty() samples: number;
  @ApiProperty() churned: number;
  @ApiProperty({ type: Number, nullable: true }) churnRate: number | null;
}

class RedBandDto {
  @ApiProperty({ description: 'Samples in red on the as-of day' }) flagged: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Share of red samples that churned' }) precision: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Share of churned samples that were red' }) recall: number | null;
}

class CalibrationBinDto {
  @ApiProperty({ description: '1 = the lowest scores' }) decile: number;
  @ApiProperty() samples: number;
  @ApiProperty() minScore: number;
  @ApiProperty() maxScore: number;
  @ApiProperty() meanScore: number;
  @ApiProperty() churned: number;
  @ApiProperty() observedRate: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Churn probability a logistic curve of the score gives the bin\'s mean score' }) predictedRate: number | null;
}

class LeadTimeDto {
  @ApiProperty({ type: Number, nullable: true, description: 'Median days from the start of the red streak that ran up to a churn until the churn' }) medianDays: number | null;
  @ApiProperty({ description: 'Churns preceded by a red band' }) churnsWarned: number;
  @ApiProperty({ description: 'Churns whose account was not red at the last point before churning' }) churnsNotWarned: number;
  @ApiProperty({ description: 'Days between the points of the weekly grid' }) resolutionDays: number;
  @ApiProperty() lookbackDays: number;
}

class JudgementDto {
  @ApiProperty() samples: number;
  @ApiProperty({ description: 'Red and churned, or not red and stayed' }) right: number;
  @ApiProperty({ type: Number, nullable: true }) accuracy: number | null;
}

class OverridesDto {
  @ApiProperty({ description: 'Samples with a CSM override in force on the as-of day' }) samplesWithOverride: number;
  @ApiProperty({ type: JudgementDto, description: 'The override band judged against the outcome' }) override: JudgementDto;
  @ApiProperty({ type: JudgementDto, description: 'The computed band on the same samples' }) computedOnSameSamples: JudgementDto;
  @ApiProperty({ type: JudgementDto }) computedOnAllSamples: JudgementDto;
}

class LeftOutItemDto {
  @ApiProperty({ format: 'uuid' }) outcomeId: string;
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty() outcomeDate: string;
  @ApiProperty() asOf: string;
  @ApiProperty({ enum: Object.keys(LEFT_OUT_REASONS) }) reason: string;
}

class LeftOutDto {
  @ApiProperty() total: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: Object.entries(LEFT_OUT_REASONS).map(([key, text]) => `${key}: ${text}`).join('; ') })
  byReason: Record<string, number>;
  @ApiProperty({ type: [LeftOutItemDto], description: 'The first 200' }) items: LeftOutItemDto[];
}

export class VersionBacktestDto {
  @ApiProperty({ type: HealthModelVersionDto }) model: HealthModelVersionDto;
  @ApiProperty({ enum: ['requested', 'active', 'shadow'] }) role: string;
  @ApiProperty({ type: SampleSizeDto }) sampleSize: SampleSizeDto;
  @ApiProperty({ type: Number, nullable: true, description: 'ROC AUC of the score as a churn predictor (lower score = more risk): 0.5 is chance, 1 perfect' }) auc: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'The same, each pair weighted by the ARR at stake' }) arrWeightedAuc: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'AUC over the outcomes every compared version scored' }) aucOnSharedSamples: number | null;
  @ApiProperty({ type: [SegmentAucDto] }) bySegment: SegmentAucDto[];
  @ApiProperty({ type: [BandOutcomeDto] }) bands: BandOutcomeDto[];
  @ApiProperty({ type: RedBandDto }) redBand: RedBandDto;
  @ApiProperty({ type: [CalibrationBinDto] }) calibration: CalibrationBinDto[];
  @ApiProperty({ type: LeadTimeDto }) leadTime: LeadTimeDto;
  @ApiProperty({ type: OverridesDto }) overrides: OverridesDto;
  @ApiProperty({ type: LeftOutDto }) leftOut: LeftOutDto;

  static from(result: VersionBacktest): VersionBacktestDto {
    return { ...result, model: HealthModelVersionDto.from(result.model) };
  }
}

class OutcomeSummaryDto {
  @ApiProperty() total: number;
  @ApiProperty() churned: number;
  @ApiProperty() retained: number;
  @ApiProperty() firstDate: string;
  @ApiProperty() lastDate: string;
}

export class BacktestResponseDto {
  @ApiProperty() horizonDays: number;
  @ApiProperty({ format: 'date-time' }) generatedAt: string;
  @ApiProperty({ description: 'Where the scores come from, and that restated values are not reconstructed' }) restatedValues: string;
  @ApiProperty({ type: OutcomeSummaryDto }) outcomes: OutcomeSummaryDto;
  @ApiProperty({ type: VersionBacktestDto }) backtest: VersionBacktestDto;
  @ApiProperty({ type: [VersionBacktestDto], description: 'The active and shadow versions backtested beside it on the same outcomes' }) comparison: VersionBacktestDto[];

  static from(result: BacktestResult): BacktestResponseDto {
    return { ...result, backtest: VersionBacktestDto.from(result.backtest), comparison: result.comparison.map(VersionBacktestDto.from) };
  }
}

class FoldDto {
  @ApiProperty() fold: number;
  @ApiProperty() samples: number;
  @ApiProperty() churned: number;
  @ApiProperty({ type: Number, nullable: true }) currentAuc: number | null;
  @ApiProperty({ type: Number, nullable: true }) proposedAuc: number | null;
}

class CrossValidatedDto {
  @ApiProperty({ type: Number, nullable: true, description: 'AUC of the current weights over the held-out samples' }) currentAuc: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'AUC of each fold\'s fitted scorecard on its held-out accounts, pooled' }) proposedAuc: number | null;
  @ApiProperty({ type: [FoldDto] }) folds: FoldDto[];
}

class WeightChangeDto {
  @ApiProperty() key: string;
  @ApiProperty() label: string;
  @ApiProperty() current: number;
  @ApiProperty() proposed: number;
}

class FitSamplesDto {
  @ApiProperty() samples: number;
  @ApiProperty() churned: number;
  @ApiProperty() retained: number;
  @ApiProperty() accounts: number;
}

class FitMethodDto {
  @ApiProperty() model: string;
  @ApiProperty() l2: number;
  @ApiProperty() folds: number;
  @ApiProperty() seed: number;
  @ApiProperty() groupedBy: string;
}

export class FitResponseDto {
  @ApiProperty({ type: HealthModelVersionDto }) basedOn: HealthModelVersionDto;
  @ApiProperty({ type: HealthModelVersionDto, description: 'The proposed new draft version: activate it yourself if you agree' }) draft: HealthModelVersionDto;
  @ApiProperty() horizonDays: number;
  @ApiProperty({ type: FitSamplesDto }) samples: FitSamplesDto;
  @ApiProperty({ type: FitMethodDto }) method: FitMethodDto;
  @ApiProperty({ type: CrossValidatedDto }) crossValidated: CrossValidatedDto;
  @ApiProperty({ type: [WeightChangeDto] }) weights: WeightChangeDto[];

  static from(result: FitResult): FitResponseDto {
    return { ...result, basedOn: HealthModelVersionDto.from(result.basedOn), draft: HealthModelVersionDto.from(result.draft) };
  }
}
