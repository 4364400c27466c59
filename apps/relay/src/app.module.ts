import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { RelayModule, type RelayModuleOptions } from './relay.module';

/** The relay on its own: logging plus the relay module. */
@Module({})
export class RelayAppModule {
  static register(options: RelayModuleOptions): DynamicModule {
    return {
      module: RelayAppModule,
      imports: [
        LoggerModule.forRoot({ pinoHttp: { level: options.config.LOG_LEVEL, autoLogging: false } }),
        RelayModule.register(options),
      ],
    };
  }
}
