import { platformLoggerModule } from '@app/platform';
import { type DynamicModule, Module } from '@nestjs/common';
import { QueryServiceModule, type QueryServiceOptions } from './query-service.module';

/** The query service on its own: logging plus the query module. */
@Module({})
export class QueryServiceAppModule {
  static register(options: QueryServiceOptions): DynamicModule {
    return {
      module: QueryServiceAppModule,
      imports: [platformLoggerModule(options.config.LOG_LEVEL), QueryServiceModule.register(options)],
    };
  }
}
