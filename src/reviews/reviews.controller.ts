import { Body, Controller, Get, Headers, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Audited } from '../audit/audited.decorator';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { ACCOUNT_READERS } from '../auth/roles';
import { ApiEndpoint } from '../common/http/api-endpoint.decorator';
import { CustomerAgendaDto, ReviewBriefDto } from './dto/review-documents.dto';
import {
  ActionItemListDto,
  ActionItemResponseDto,
  CreateActionItemDto,
  ListReviewsQueryDto,
  ReviewDetailDto,
  ReviewPageDto,
  ReviewResponseDto,
  TransitionReviewDto,
  UpdateActionItemDto,
  UpdateReviewDto,
} from './dto/review.dto';
import { ReviewDocuments, ReviewDocumentsService } from './review-documents.service';
import { agendaMarkdown, briefMarkdown } from './review-markdown';
import { ReviewDetail, ReviewWorkflowService } from './review-workflow.service';

const uuid = new ParseUUIDPipe({ version: '4' });
const MARKDOWN = 'text/markdown; charset=utf-8';

function wantsMarkdown(accept: string | undefined): boolean {
  return (accept ?? '').toLowerCase().includes('text/markdown');
}

function detailDto(detail: ReviewDetail): ReviewDetailDto {
  return {
    ...ReviewResponseDto.from(detail.review),
    documents: detail.documents ? { brief: detail.documents.brief, agenda: detail.documents.agenda, generatedAt: new Date(detail.documents.generatedAt).toISOString() } : null,
    actionItems: detail.actionItems.map(ActionItemResponseDto.from),
  };
}

const generatedAt = (documents: ReviewDocuments) => (documents.generatedAt === null ? null : new Date(documents.generatedAt).toISOString());

@ApiTags('reviews')
@Controller('api/v1/reviews')
export class ReviewsController {
  constructor(
    private readonly workflow: ReviewWorkflowService,
    private readonly documents: ReviewDocumentsService,
  ) {}

  @Get()
  @ApiEndpoint({
    summary: 'Business reviews, soonest due first',
    description: 'Scoped: csm and lead keys see reviews of their accounts only. Filters by manager, team (a lead id), account, kind, status and due window.',
    roles: ACCOUNT_READERS,
    status: 200,
    response: ReviewPageDto,
    errors: [400],
  })
  async list(@Query() query: ListReviewsQueryDto, @CurrentPrincipal() principal: Principal): Promise<ReviewPageDto> {
    const page = await this.workflow.list(query, principal);
    return { items: page.items.map(ReviewResponseDto.from), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @ApiEndpoint({ summary: 'One review with its stored documents and action items', roles: ACCOUNT_READERS, status: 200, response: ReviewDetailDto, errors: [400, 404] })
  async get(@Param('id', uuid) id: string, @CurrentPrincipal() principal: Principal): Promise<ReviewDetailDto> {
    return detailDto(await this.workflow.get(id, principal));
  }

  @Patch(':id')
  @ApiEndpoint({
    summary: 'Update the meeting time, length or notes',
    description: 'The meeting time of a held, completed or cancelled review, and the notes of a completed or cancelled one, answer 409.',
    roles: ACCOUNT_READERS,
    status: 200,
    response: ReviewDetailDto,
    errors: [400, 404, 409],
  })
  @Audited({ action: 'review.update', entity: 'business_review' })
  async update(@Param('id', uuid) id: string, @Body() body: UpdateReviewDto, @CurrentPrincipal() principal: Principal): Promise<ReviewDetailDto> {
    return detailDto(await this.workflow.update(id, body, principal));
  }

  @Post(':id/transition')
  @ApiEndpoint({
    summary: 'Move a review through its workflow',
    description:
      'planned → agenda_ready → scheduled (meetingAt) → held (notes; records a review_held touchpoint) → completed, or cancelled before it is held. An impossible move answers 409; a missing meetingAt or notes 400.',
    roles: ACCOUNT_READERS,
    status: 200,
    response: ReviewDetailDto,
    errors: [400, 404, 409],
  })
  @Audited({ action: 'review.transition', entity: 'business_review' })
  async transition(@Param('id', uuid) id: string, @Body() body: TransitionReviewDto, @CurrentPrincipal() principal: Principal): Promise<ReviewDetailDto> {
    return detailDto(await this.workflow.transition(id, body, principal));
  }

  @Get(':id/brief')
  @ApiProduces('application/json', 'text/markdown')
  @ApiEndpoint({
    summary: 'The internal brief (JSON, or Markdown with Accept: text/markdown)',
    description: 'The stored brief; before one is stored, assembled from the current facts (generatedAt null).',
    roles: ACCOUNT_READERS,
    status: 200,
    response: ReviewBriefDto,
    errors: [400, 404],
  })
  async brief(
    @Param('id', uuid) id: string,
    @Headers('accept') accept: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReviewBriefDto | string> {
    const documents = await this.documents.documents(id, principal);
    if (wantsMarkdown(accept)) {
      reply.header('content-type', MARKDOWN);
      return briefMarkdown(documents.brief);
    }
    return { ...documents.brief, generatedAt: generatedAt(documents) };
  }

  @Get(':id/agenda')
  @ApiProduces('application/json', 'text/markdown')
  @ApiEndpoint({
    summary: "The customer agenda (JSON, or Markdown with Accept: text/markdown): the customer's own numbers, never our health score",
    description: 'The stored agenda; before one is stored, assembled from the current facts (generatedAt null).',
    roles: ACCOUNT_READERS,
    status: 200,
    response: CustomerAgendaDto,
    errors: [400, 404],
  })
  async agenda(
    @Param('id', uuid) id: string,
    @Headers('accept') accept: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CustomerAgendaDto | string> {
    const documents = await this.documents.documents(id, principal);
    if (wantsMarkdown(accept)) {
      reply.header('content-type', MARKDOWN);
      return agendaMarkdown(documents.agenda);
    }
    return { ...documents.agenda, generatedAt: generatedAt(documents) };
  }

  @Post(':id/agenda')
  @ApiEndpoint({
    summary: 'Generate and store the brief and agenda now',
    description: 'A planned review becomes agenda_ready. A held, completed or cancelled review keeps its documents (409).',
    roles: ACCOUNT_READERS,
    status: 200,
    response: CustomerAgendaDto,
    errors: [400, 404, 409],
  })
  @Audited({ action: 'review.generate_documents', entity: 'business_review' })
  async generate(@Param('id', uuid) id: string, @CurrentPrincipal() principal: Principal): Promise<CustomerAgendaDto> {
    const documents = await this.documents.generate(id, principal);
    return { ...documents.agenda, generatedAt: generatedAt(documents) };
  }

  @Get(':id/action-items')
  @ApiEndpoint({ summary: "The review's action items and the open ones carried over from earlier reviews", roles: ACCOUNT_READERS, status: 200, response: ActionItemListDto, errors: [400, 404] })
  async actionItems(@Param('id', uuid) id: string, @CurrentPrincipal() principal: Principal): Promise<ActionItemListDto> {
    return { items: (await this.workflow.actionItems(id, principal)).map(ActionItemResponseDto.from) };
  }

  @Post(':id/action-items')
  @ApiEndpoint({ summary: 'Add an action item to a review', roles: ACCOUNT_READERS, status: 201, response: ActionItemResponseDto, errors: [400, 404, 409] })
  @Audited({ action: 'review.action_item.create', entity: 'review_action_item' })
  async addActionItem(@Param('id', uuid) id: string, @Body() body: CreateActionItemDto, @CurrentPrincipal() principal: Principal): Promise<ActionItemResponseDto> {
    return ActionItemResponseDto.from(await this.workflow.addActionItem(id, body, principal));
  }

  @Patch(':id/action-items/:itemId')
  @ApiEndpoint({ summary: 'Update an action item (title, owner, due date, status)', roles: ACCOUNT_READERS, status: 200, response: ActionItemResponseDto, errors: [400, 404] })
  @Audited({ action: 'review.action_item.update', entity: 'review_action_item' })
  async updateActionItem(
    @Param('id', uuid) id: string,
    @Param('itemId', uuid) itemId: string,
    @Body() body: UpdateActionItemDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ActionItemResponseDto> {
    return ActionItemResponseDto.from(await this.workflow.updateActionItem(id, itemId, body, principal));
  }
}
