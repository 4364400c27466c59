import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { CommandServiceModule, type CommandServiceOptions } from './command-service.module';

/** The command service on its own: logging plus the command module. */
@Module({})
export class CommandServiceAppModule {
  static register(options: CommandServiceOptions): DynamicModule {
    return {
      module: CommandServiceAppModule,
      imports: [
        LoggerModule.forRoot({ pinoHttp: { level: options.config.LOG_LEVEL, autoLogging: false } }),
        CommandServiceModule.register(options),
      ],
    };
  }
}
