import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { ProjectorModule, type ProjectorModuleOptions } from './projector.module';

/** The projector on its own: logging plus the projector module. */
@Module({})
export class ProjectorAppModule {
  static register(options: ProjectorModuleOptions): DynamicModule {
    return {
      module: ProjectorAppModule,
      imports: [
        LoggerModule.forRoot({ pinoHttp: { level: options.config.LOG_LEVEL, autoLogging: false } }),
        ProjectorModule.register(options),
      ],
    };
  }
}
