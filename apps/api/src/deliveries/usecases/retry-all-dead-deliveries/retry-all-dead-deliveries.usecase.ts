import { Injectable } from '@nestjs/common';
import { DeadLetterService } from '@app/deliveries';
import type { DeliveryRetryDto } from '../../dto/dead-delivery.dto';

@Injectable()
export class RetryAllDeadDeliveriesUseCase {
  constructor(private readonly deadLetters: DeadLetterService) {}

  async execute(): Promise<DeliveryRetryDto> {
    return { replayed: await this.deadLetters.replayAll() };
  }
}
