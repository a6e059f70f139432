import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { BullBoardModule } from '@bull-board/nestjs';
import { Module } from '@nestjs/common';
import { QueueModule, QueueName } from '@app/queue';
import { AdminGate, adminBasicAuth } from '../auth/admin-gate';
import { AuthModule } from '../auth/auth.module';

export const QUEUE_DASHBOARD_ROUTE = '/admin/queues';

/** bull-board for ops, behind the admin's basic auth (404 when no admin is configured). */
@Module({
  imports: [
    QueueModule,
    BullBoardModule.forRootAsync({
      imports: [AuthModule],
      inject: [AdminGate],
      useFactory: (gate: AdminGate) => ({
        route: QUEUE_DASHBOARD_ROUTE,
        adapter: ExpressAdapter,
        middleware: adminBasicAuth(gate),
        boardOptions: { uiConfig: { boardTitle: 'Connector queues' } },
      }),
    }),
    BullBoardModule.forFeature(
      { name: QueueName.CallEvents, adapter: BullMQAdapter },
      { name: QueueName.Elma365Delivery, adapter: BullMQAdapter },
    ),
  ],
})
export class QueueDashboardModule {}
