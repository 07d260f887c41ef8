import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { ACCOUNT_READERS } from '../auth/roles';
import { ApiEndpoint } from '../common/http/api-endpoint.decorator';
import { AccountRecommendationsDto, RecommendationQueryDto } from './dto/recommendation.dto';
import { RecommendationsService } from './recommendations.service';

const uuid = new ParseUUIDPipe({ version: '4' });

@ApiTags('recommendations')
@Controller('api/v1')
export class RecommendationsController {
  constructor(private readonly recommendations: RecommendationsService) {}

  @Get('accounts/:id/recommendations')
  @ApiEndpoint({
    summary: 'Features the account should adopt next, with their evidence',
    description:
      'Read from what the recommendation-stats job last computed (computedAt null and no items when it never covered the account). Ranked by peer adoption, co-adoption, usage lift and retention, never by health score.',
    roles: ACCOUNT_READERS,
    status: 200,
    response: AccountRecommendationsDto,
    errors: [400, 404],
  })
  async forAccount(@Param('id', uuid) id: string, @Query() query: RecommendationQueryDto, @CurrentPrincipal() principal: Principal): Promise<AccountRecommendationsDto> {
    return AccountRecommendationsDto.from(await this.recommendations.forAccount(id, principal, query.limit));
  }
}
