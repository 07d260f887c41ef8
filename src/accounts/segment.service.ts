import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { ConflictError, NotFoundError } from '../common/problem';
import { SegmentRecord, SegmentRepository } from './segment.repository';

@Injectable()
export class SegmentService {
  constructor(
    private readonly segments: SegmentRepository,
    private readonly clock: Clock,
  ) {}

  list(): Promise<SegmentRecord[]> {
    return this.segments.listAll();
  }

  async create(command: { key: string; name: string; rank: number }): Promise<SegmentRecord> {
    const created = await this.segments.insert(command, this.clock.now());
    if (!created) throw new ConflictError(`Segment ${command.key} exists.`);
    return created;
  }

  async update(key: string, changes: { name?: string; rank?: number }): Promise<SegmentRecord> {
    const updated = await this.segments.update(key, changes, this.clock.now());
    if (!updated) throw new NotFoundError('Segment', key);
    return updated;
  }
}
