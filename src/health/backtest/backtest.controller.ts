import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { Audited } from '../../audit/audited.decorator';
import { ApiEndpoint } from '../../common/http/api-endpoint.decorator';
import { MODEL_KEY_PARAM as KEY_PARAM, MODEL_ROLES as ROLES, MODEL_VERSION_PARAM as VERSION_PARAM, modelKey, versionParam as version } from '../models/model-route-params';
import { BacktestService } from './backtest.service';
import { BacktestRequestDto, BacktestResponseDto, FitRequestDto, FitResponseDto } from './dto/backtest.dto';


@ApiTags('health-models')
@Controller('api/v1/health-models')
export class BacktestController {
  constructor(private readonly backtests: BacktestService) {}

  @Post(':id/versions/:version/backtest')
  @ApiParam(KEY_PARAM)
  @ApiParam(VERSION_PARAM)
  @ApiEndpoint({
    summary: 'Backtest a version against the recorded outcomes (stores nothing)',
    description:
      'Each outcome is judged by its account\'s score `horizonDays` (1–365, default 90) before it: AUC (plain, ARR-weighted, per segment), churn per band, red precision and recall, calibration in deciles, lead time, overrides against computed bands, and the outcomes left out with the reason. The active and shadow versions are backtested beside it. 422 when there are no outcomes (or no churn, or only churns).',
    roles: ROLES,
    status: 200,
    response: BacktestResponseDto,
    errors: [400, 404, 413, 415, 422],
  })
  async backtest(@Param('id') id: string, @Param('version', version) versionNumber: number, @Body() body: BacktestRequestDto): Promise<BacktestResponseDto> {
    return BacktestResponseDto.from(await this.backtests.backtest(modelKey(id), versionNumber, body));
  }

  @Post(':id/versions/:version/fit')
  @ApiParam(KEY_PARAM)
  @ApiParam(VERSION_PARAM)
  @ApiEndpoint({
    summary: 'Propose a new draft version with component weights fitted to the outcomes',
    description:
      'Regularised logistic regression of churn on component scores, cross-validated with folds grouped by account (fixed seed); weights stay non-negative whole numbers summing to 100. Answers the draft and the cross-validated AUC of current and proposed weights side by side; activation stays with a person. 422 when there are too few outcomes.',
    roles: ROLES,
    status: 201,
    response: FitResponseDto,
    errors: [400, 404, 413, 415, 422],
  })
  @Audited({ action: 'health-model.fit', entity: 'health_model' })
  async fit(@Param('id') id: string, @Param('version', version) versionNumber: number, @Body() body: FitRequestDto): Promise<FitResponseDto> {
    return FitResponseDto.from(await this.backtests.fit(modelKey(id), versionNumber, body));
  }
}
