import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Audited } from '../audit/audited.decorator';
import { ALL_ROLES } from '../auth/roles';
import { ApiEndpoint } from '../common/http/api-endpoint.decorator';
import { PutReviewCadencesDto, ReviewCadencesResponseDto } from './dto/review-cadence.dto';
import { ReviewCadenceService } from './review-cadence.service';

@ApiTags('reviews')
@Controller('api/v1/review-cadences')
export class ReviewCadencesController {
  constructor(private readonly cadences: ReviewCadenceService) {}

  @Get()
  @ApiEndpoint({ summary: 'Review cadences of every segment', roles: ALL_ROLES, status: 200, response: ReviewCadencesResponseDto })
  list(): Promise<ReviewCadencesResponseDto> {
    return this.cadences.list();
  }

  @Put()
  @ApiEndpoint({
    summary: 'Replace the cadences of the listed segments',
    description: 'Each listed segment gets exactly the given periodic reviews and renewal lead days; the next review-planning run plans by them.',
    roles: ['admin', 'manager'],
    status: 200,
    response: ReviewCadencesResponseDto,
    errors: [400],
  })
  @Audited({ action: 'review-cadences.replace', entity: 'review_cadence' })
  replace(@Body() body: PutReviewCadencesDto): Promise<ReviewCadencesResponseDto> {
    return this.cadences.replace(body);
  }
}
