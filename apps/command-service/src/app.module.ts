import { platformLoggerModule } from '@app/platform';
import { type DynamicModule, Module } from '@nestjs/common';
import { CommandServiceModule, type CommandServiceOptions } from './command-service.module';

/** The command service on its own: logging plus the command module. */
@Module({})
export class CommandServiceAppModule {
  static register(options: CommandServiceOptions): DynamicModule {
    return {
      module: CommandServiceAppModule,
      imports: [platformLoggerModule(options.config.LOG_LEVEL), CommandServiceModule.register(options)],
    };
  }
}
