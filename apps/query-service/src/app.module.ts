import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { QueryServiceModule, type QueryServiceOptions } from './query-service.module';

/** The query service on its own: logging plus the query module. */
@Module({})
export class QueryServiceAppModule {
  static register(options: QueryServiceOptions): DynamicModule {
    return {
      module: QueryServiceAppModule,
      imports: [
        LoggerModule.forRoot({ pinoHttp: { level: options.config.LOG_LEVEL, autoLogging: false } }),
        QueryServiceModule.register(options),
      ],
    };
  }
}
