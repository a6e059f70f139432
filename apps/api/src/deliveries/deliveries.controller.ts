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
import { ApiErrorBody } from '../common/api-error';
import { DeadDeliveriesQueryDto } from './dto/dead-deliveries-query.dto';
import { DeadDeliveryListDto, DeliveryRetryDto } from './dto/dead-delivery.dto';
import { ListDeadDeliveriesUseCase } from './usecases/list-dead-deliveries/list-dead-deliveries.usecase';
import { RetryAllDeadDeliveriesUseCase } from './usecases/retry-all-dead-deliveries/retry-all-dead-deliveries.usecase';
import { RetryDeadDeliveryUseCase } from './usecases/retry-dead-delivery/retry-dead-delivery.usecase';

@ApiTags('deliveries')
@Controller('api/v1/deliveries/dead')
export class DeliveriesController {
  constructor(
    private readonly listDead: ListDeadDeliveriesUseCase,
    private readonly retryDead: RetryDeadDeliveryUseCase,
    private readonly retryAllDead: RetryAllDeadDeliveriesUseCase,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Deliveries to ELMA365 that gave up, oldest first, with their last error' })
  @ApiOkResponse({ type: DeadDeliveryListDto })
  @ApiBadRequestResponse({ type: ApiErrorBody })
  list(@Query() query: DeadDeliveriesQueryDto): Promise<DeadDeliveryListDto> {
    return this.listDead.execute(query.limit);
  }

  @Post('retry-all')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Schedule every dead delivery again' })
  @ApiAcceptedResponse({ type: DeliveryRetryDto })
  retryAll(): Promise<DeliveryRetryDto> {
    return this.retryAllDead.execute();
  }

  @Post(':eventKey/retry')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Schedule one dead delivery again, with a fresh set of attempts' })
  @ApiParam({ name: 'eventKey', description: 'URL-encoded', example: 'office%3A1715679060.42%237' })
  @ApiAcceptedResponse({ type: DeliveryRetryDto })
  @ApiNotFoundResponse({ type: ApiErrorBody, description: 'DELIVERY_NOT_FOUND: no dead delivery with this key' })
  retry(@Param('eventKey') eventKey: string): Promise<DeliveryRetryDto> {
    return this.retryDead.execute(eventKey);
  }
}
