import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiEndpoint } from '../common/http/api-endpoint.decorator';
import { AuditService } from './audit.service';
import { AuditEntryResponseDto, AuditPageDto, AuditQueryDto } from './dto/audit.dto';

@ApiTags('audit-log')
@Controller('api/v1/audit-log')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiEndpoint({ summary: 'Who changed what, newest first', roles: ['admin'], status: 200, response: AuditPageDto, errors: [400] })
  async list(@Query() query: AuditQueryDto): Promise<AuditPageDto> {
    const page = await this.audit.list(query);
    return { items: page.items.map(AuditEntryResponseDto.from), nextCursor: page.nextCursor };
  }
}
