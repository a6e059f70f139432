import { Module } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { AuthModule } from './auth/auth.module';
import { CallHistoryModule } from './call-history/call-history.module';
import { ClickToCallModule } from './click-to-call/click-to-call.module';
import { DeliveriesModule } from './deliveries/deliveries.module';
import { DiagnosticsApiModule } from './diagnostics/diagnostics-api.module';
import { ExtensionsModule } from './extensions/extensions.module';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { QueueDashboardModule } from './queue-dashboard/queue-dashboard.module';
import { RecordingsModule } from './recordings/recordings.module';
import { SettingsModule } from './settings/settings.module';

@Module({
  imports: [
    ConfigModule,
    AuthModule,
    HealthModule,
    MetricsModule,
    CallHistoryModule,
    RecordingsModule,
    ClickToCallModule,
    ExtensionsModule,
    DeliveriesModule,
    DiagnosticsApiModule,
    QueueDashboardModule,
    SettingsModule,
  ],
})
export class ApiModule {}
