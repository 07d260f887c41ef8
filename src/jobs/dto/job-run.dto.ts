import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { JOB_RUN_STATUSES, JobRunEntity, JobRunStatus } from '../job-run.entity';

export class JobRunsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'housekeeping' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  job?: string;

  @ApiPropertyOptional({ enum: JOB_RUN_STATUSES })
  @IsOptional()
  @IsIn(JOB_RUN_STATUSES)
  status?: JobRunStatus;
}

export class JobRunResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() job: string;
  @ApiProperty({ format: 'date-time' }) slot: string;
  @ApiProperty({ enum: ['schedule', 'manual'] }) trigger: string;
  @ApiProperty({ enum: JOB_RUN_STATUSES }) status: JobRunStatus;
  @ApiProperty({ format: 'date-time' }) startedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) finishedAt: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) stats: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: String }) error: string | null;
  @ApiProperty({ description: 'Instance that ran it' }) instance: string;

  static from(run: JobRunEntity): JobRunResponseDto {
    return {
      id: run.id,
      job: run.job,
      slot: run.slot.toISOString(),
      trigger: run.trigger,
      status: run.status,
      startedAt: run.startedAt.toISOString(),
      finishedAt: run.finishedAt?.toISOString() ?? null,
      stats: run.stats,
      error: run.error,
      instance: run.instance,
    };
  }
}

export class JobRunPageDto {
  @ApiProperty({ type: [JobRunResponseDto] }) items: JobRunResponseDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class JobTriggeredDto {
  @ApiProperty({ format: 'uuid', description: 'The run started, or the one already running' }) id: string;
  @ApiProperty() job: string;
  @ApiProperty({ description: 'False when a run was already running and this is its id' }) started: boolean;
}
