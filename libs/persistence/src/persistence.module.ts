import { Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig, ConfigModule } from '@app/config';
import { createDataSource } from './data-source';
import { persistenceProviders } from './persistence.providers';

/** Closes the pool when the app closes, after every module has stopped using it. */
@Injectable()
class DataSourceCloser implements OnApplicationShutdown {
  constructor(private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/**
 * The DataSource for DATABASE_URL, connected at boot, and the repositories. Never migrates: the schema is
 * `npm run migrate`'s job.
 */
@Module({
  imports: [ConfigModule],
  providers: [
    {
      provide: DataSource,
      inject: [AppConfig],
      useFactory: (config: AppConfig): Promise<DataSource> =>
        createDataSource(config.database.url, { applicationName: 'asterisk-elma365-connector' }).initialize(),
    },
    DataSourceCloser,
    ...persistenceProviders,
  ],
  exports: [DataSource, ...persistenceProviders.map((provider) => provider.provide)],
})
export class PersistenceModule {}
