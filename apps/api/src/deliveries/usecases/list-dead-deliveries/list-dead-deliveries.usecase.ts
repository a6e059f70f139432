import { Injectable } from '@nestjs/common';
import { DeadLetterService } from '@app/deliveries';
import type { DeadDeliveryListDto } from '../../dto/dead-delivery.dto';

@Injectable()
export class ListDeadDeliveriesUseCase {
  constructor(private readonly deadLetters: DeadLetterService) {}

  async execute(limit: number): Promise<DeadDeliveryListDto> {
    const dead = await this.deadLetters.list(limit);
    return { items: dead.map((d) => ({ ...d, updatedAt: d.updatedAt.toISOString() })) };
  }
}
