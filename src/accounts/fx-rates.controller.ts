import { Body, Controller, Get, Headers, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Audited } from '../audit/audited.decorator';
import { BulkQueryDto, BulkResultDto } from '../common/bulk/bulk.dto';
import { BulkIngestEndpoint } from '../common/bulk/bulk-ingest-endpoint.decorator';
import { ApiEndpoint } from '../common/http/api-endpoint.decorator';
import { FxRatePageDto, FxRateResponseDto, FxRateRowDto, ListFxRatesQueryDto } from './dto/fx-rate.dto';
import { FxRateService } from './fx-rate.service';

@ApiTags('currencies')
@Controller('api/v1/currencies/fx-rates')
export class FxRatesController {
  constructor(private readonly rates: FxRateService) {}

  @Get()
  @ApiEndpoint({ summary: 'List dated FX rates into the reporting currency, newest first', roles: ['admin', 'manager', 'lead', 'csm', 'ingest'], status: 200, response: FxRatePageDto, errors: [400] })
  async list(@Query() query: ListFxRatesQueryDto): Promise<FxRatePageDto> {
    const page = await this.rates.list(query);
    return { items: page.items.map((record) => FxRateResponseDto.from(record, this.rates.reportingCurrency)), nextCursor: page.nextCursor };
  }

  @Post()
  @BulkIngestEndpoint({
    body: { type: [FxRateRowDto], description: 'Rates upserted by (date, currency); CSV header: date,currency,rate' },
    summary: 'Upsert a batch of FX rates',
    description: 'Atomic unless ?partial=true; ?dryRun=true stores nothing. The reporting currency has the implicit rate 1 and takes no rows.',
    roles: ['admin', 'manager'],
    errors: [400, 413, 415],
  })
  @Audited({ action: 'fx-rate.upsert', entity: 'fx_rate' })
  async upsert(@Body() body: unknown, @Headers('content-type') contentType: string | undefined, @Query() query: BulkQueryDto): Promise<BulkResultDto> {
    return this.rates.upsert(body, contentType, query);
  }
}
