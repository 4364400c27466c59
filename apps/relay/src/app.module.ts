import { platformLoggerModule } from '@app/platform';
import { type DynamicModule, Module } from '@nestjs/common';
import { type DestinationStream } from 'pino';
import { RelayModule, type RelayModuleOptions } from './relay.module';

/** The relay on its own: logging plus the relay module. */
@Module({})
export class RelayAppModule {
  static register(options: RelayModuleOptions, destination?: DestinationStream): DynamicModule {
    return {
      module: RelayAppModule,
      imports: [platformLoggerModule(options.config.LOG_LEVEL, destination), RelayModule.register(options)],
    };
  }
}
