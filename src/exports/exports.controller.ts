import { Controller, Get, Logger, Param, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { pipeline } from 'node:stream/promises';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { ApiEndpoint } from '../common/http/api-endpoint.decorator';
import { ExportQueryDto } from './dto/export-query.dto';
import { EXPORT_DATASET_NAMES } from './export-datasets';
import { ExportsService } from './exports.service';

export const EXPORT_CURSOR_HEADER = 'Export-Cursor';

@ApiTags('exports')
@Controller('api/v1/exports')
export class ExportsController {
  private readonly logger = new Logger(ExportsController.name);

  constructor(private readonly exports: ExportsService) {}

  @Get(':dataset')
  @ApiEndpoint({
    summary: 'Export a dataset as CSV, NDJSON or Parquet, in full or what changed since a cursor',
    description:
      'Streams in constant memory. Every answer carries an `Export-Cursor` header: pass it as `since` to get, exactly once, each row inserted, updated or deleted after this answer ' +
      '(deletions and archived accounts as tombstones: key columns and `_op` = delete; apply them before the upserts of the same answer). ' +
      'Test accounts are left out unless includeTest=true; csm and lead keys get only their accounts. An error after the first byte cuts the connection (no final chunk), so a short file is never taken for a whole one.',
    roles: ['admin', 'manager', 'bi', 'csm', 'lead'],
    status: 200,
    errors: [400, 404],
  })
  @ApiParam({ name: 'dataset', enum: EXPORT_DATASET_NAMES })
  @ApiProduces('text/csv', 'application/x-ndjson', 'application/vnd.apache.parquet')
  @ApiHeader({ name: EXPORT_CURSOR_HEADER, description: 'In the answer: the cursor to pass as the next `since`', required: false })
  async export(@Param('dataset') dataset: string, @Query() query: ExportQueryDto, @CurrentPrincipal() principal: Principal, @Res() reply: FastifyReply): Promise<void> {
    const format = query.format ?? 'csv';
    const prepared = await this.exports.open(dataset, { format, since: query.since, until: query.until, includeTest: query.includeTest }, principal);
    // From here the answer is ours: headers go out with the first bytes, and a failure destroys the socket.
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': prepared.contentType,
      'content-disposition': `attachment; filename="${prepared.dataset}.${format}"`,
      'cache-control': 'no-store',
      [EXPORT_CURSOR_HEADER.toLowerCase()]: prepared.cursor,
      'access-control-expose-headers': EXPORT_CURSOR_HEADER,
      'x-request-id': String(reply.request.id),
    });
    try {
      await pipeline(prepared.body, raw);
    } catch (error) {
      this.logger.warn({ err: error, requestId: reply.request.id, dataset }, 'export stream ended abnormally; connection closed');
      raw.destroy();
    }
  }
}
