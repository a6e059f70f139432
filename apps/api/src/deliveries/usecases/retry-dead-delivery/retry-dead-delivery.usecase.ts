import { Injectable } from '@nestjs/common';
import { DeadLetterService } from '@app/deliveries';
import { DeliveryNotFoundException } from '../../deliveries.exception';
import type { DeliveryRetryDto } from '../../dto/dead-delivery.dto';

@Injectable()
export class RetryDeadDeliveryUseCase {
  constructor(private readonly deadLetters: DeadLetterService) {}

  async execute(eventKey: string): Promise<DeliveryRetryDto> {
    if (!(await this.deadLetters.replay(eventKey))) throw new DeliveryNotFoundException();
    return { replayed: 1 };
  }
}
