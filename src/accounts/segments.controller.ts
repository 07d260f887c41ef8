import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Audited } from '../audit/audited.decorator';
import { ApiEndpoint } from '../common/http/api-endpoint.decorator';
import { CreateSegmentDto, SegmentListDto, SegmentResponseDto, UpdateSegmentDto } from './dto/segment.dto';
import { SegmentService } from './segment.service';

const SEGMENT_READERS = ['admin', 'manager', 'lead', 'csm', 'ingest'] as const;

@ApiTags('segments')
@Controller('api/v1/segments')
export class SegmentsController {
  constructor(private readonly segments: SegmentService) {}

  @Get()
  @ApiEndpoint({ summary: 'List segments by rank', roles: SEGMENT_READERS, status: 200, response: SegmentListDto })
  async list(): Promise<SegmentListDto> {
    return { items: (await this.segments.list()).map(SegmentResponseDto.from), nextCursor: null };
  }

  @Post()
  @ApiEndpoint({ summary: 'Add a segment', roles: ['admin', 'manager'], status: 201, response: SegmentResponseDto, errors: [400, 409, 413, 415] })
  @Audited({ action: 'segment.create', entity: 'segment' })
  async create(@Body() body: CreateSegmentDto): Promise<SegmentResponseDto> {
    return SegmentResponseDto.from(await this.segments.create(body));
  }

  @Patch(':key')
  @ApiEndpoint({ summary: 'Rename or re-rank a segment (its key is permanent)', roles: ['admin', 'manager'], status: 200, response: SegmentResponseDto, errors: [400, 404, 413, 415] })
  @Audited({ action: 'segment.update', entity: 'segment' })
  async update(@Param('key') key: string, @Body() body: UpdateSegmentDto): Promise<SegmentResponseDto> {
    return SegmentResponseDto.from(await this.segments.update(key, body));
  }
}
