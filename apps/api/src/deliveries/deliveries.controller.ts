import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { DeadLetterService } from '@app/deliveries';
import { ApiErrorBody } from '../common/api-error';
import { DeadDeliveriesQueryDto } from './dto/dead-deliveries-query.dto';
import { DeadDeliveryListDto, deadDeliveryListOf, DeliveryRetryDto } from './dto/dead-delivery.dto';
import { DeliveryNotFoundException } from './deliveries.exception';

/** The lib's DeadLetterService is the use case (the CLI's `npm run deliveries` runs the same); this maps it to HTTP. */
@ApiTags('deliveries')
@Controller('api/v1/deliveries/dead')
export class DeliveriesController {
  constructor(private readonly deadLetters: DeadLetterService) {}

  @Get()
  @ApiOperation({ summary: 'Deliveries to ELMA365 that gave up, oldest first, with their last error' })
  @ApiOkResponse({ type: DeadDeliveryListDto })
  @ApiBadRequestResponse({ type: ApiErrorBody })
  async list(@Query() query: DeadDeliveriesQueryDto): Promise<DeadDeliveryListDto> {
    return deadDeliveryListOf(await this.deadLetters.list(query.limit));
  }

  @Post('retry-all')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Schedule every dead delivery again' })
  @ApiAcceptedResponse({ type: DeliveryRetryDto })
  async retryAll(): Promise<DeliveryRetryDto> {
    return { replayed: await this.deadLetters.replayAll() };
  }

  @Post(':eventKey/retry')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Schedule one dead delivery again, with a fresh set of attempts' })
  @ApiParam({ name: 'eventKey', description: 'URL-encoded', example: 'office%3A1715679060.42%237' })
  @ApiAcceptedResponse({ type: DeliveryRetryDto })
  @ApiNotFoundResponse({ type: ApiErrorBody, description: 'DELIVERY_NOT_FOUND: no dead delivery with this key' })
  async retry(@Param('eventKey') eventKey: string): Promise<DeliveryRetryDto> {
    if (!(await this.deadLetters.replay(eventKey))) throw new DeliveryNotFoundException();
    return { replayed: 1 };
  }
}
