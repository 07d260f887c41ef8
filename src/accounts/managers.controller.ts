import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Audited } from '../audit/audited.decorator';
import { ACCOUNT_READERS } from '../auth/roles';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { ApiEndpoint } from '../common/http/api-endpoint.decorator';
import {
  BookDto,
  BookEntryDto,
  BookQueryDto,
  CreateManagerDto,
  ListManagersQueryDto,
  ManagerPageDto,
  ManagerResponseDto,
  PortfolioDto,
  PortfolioQueryDto,
  UpdateManagerDto,
} from './dto/manager.dto';
import { ManagerService } from './manager.service';

const uuid = new ParseUUIDPipe({ version: '4' });

@ApiTags('managers')
@Controller('api/v1/managers')
export class ManagersController {
  constructor(private readonly managers: ManagerService) {}

  @Get()
  @ApiEndpoint({ summary: 'List managers (a csm key sees itself, a lead key its team)', roles: ACCOUNT_READERS, status: 200, response: ManagerPageDto, errors: [400] })
  async list(@Query() query: ListManagersQueryDto, @CurrentPrincipal() principal: Principal): Promise<ManagerPageDto> {
    const page = await this.managers.list(query, principal);
    return { items: page.items.map(ManagerResponseDto.from), nextCursor: page.nextCursor };
  }

  @Post()
  @ApiEndpoint({ summary: 'Add a manager', roles: ['admin', 'manager'], status: 201, response: ManagerResponseDto, errors: [400, 409, 413, 415] })
  @Audited({ action: 'manager.create', entity: 'manager' })
  async create(@Body() body: CreateManagerDto): Promise<ManagerResponseDto> {
    return ManagerResponseDto.from(await this.managers.create(body));
  }

  @Get(':id')
  @ApiEndpoint({ summary: 'Get a manager', roles: ACCOUNT_READERS, status: 200, response: ManagerResponseDto, errors: [400, 404] })
  async get(@Param('id', uuid) id: string, @CurrentPrincipal() principal: Principal): Promise<ManagerResponseDto> {
    return ManagerResponseDto.from(await this.managers.get(id, principal));
  }

  @Patch(':id')
  @ApiEndpoint({ summary: 'Update a manager (team lead: no cycles)', roles: ['admin', 'manager'], status: 200, response: ManagerResponseDto, errors: [400, 404, 409, 413, 415] })
  @Audited({ action: 'manager.update', entity: 'manager' })
  async update(@Param('id', uuid) id: string, @Body() body: UpdateManagerDto): Promise<ManagerResponseDto> {
    return ManagerResponseDto.from(await this.managers.update(id, body));
  }

  @Get(':id/book')
  @ApiEndpoint({ summary: 'The live accounts a manager holds, by role', roles: ACCOUNT_READERS, status: 200, response: BookDto, errors: [400, 404] })
  async book(@Param('id', uuid) id: string, @Query() query: BookQueryDto, @CurrentPrincipal() principal: Principal): Promise<BookDto> {
    const book = await this.managers.book(id, principal, query.role);
    return { managerId: book.managerId, items: book.items.map(BookEntryDto.from), countsByRole: book.countsByRole };
  }

  @Get(':id/portfolio')
  @ApiEndpoint({
    summary: 'Counts and ARR of a manager\'s live, non-test accounts in the reporting currency',
    description: 'ARR converts with the rate of the day; a currency without a rate that day leaves `total` null and is listed in `missingRates`.',
    roles: ACCOUNT_READERS,
    status: 200,
    response: PortfolioDto,
    errors: [400, 404],
  })
  async portfolio(@Param('id', uuid) id: string, @Query() query: PortfolioQueryDto, @CurrentPrincipal() principal: Principal): Promise<PortfolioDto> {
    return PortfolioDto.from(await this.managers.portfolio(id, principal, query));
  }
}
