import { platformLoggerModule } from '@app/platform';
import { type DynamicModule, Module } from '@nestjs/common';
import { type DestinationStream } from 'pino';
import { ProjectorModule, type ProjectorModuleOptions } from './projector.module';

/** The projector on its own: logging plus the projector module. */
@Module({})
export class ProjectorAppModule {
  static register(options: ProjectorModuleOptions, destination?: DestinationStream): DynamicModule {
    return {
      module: ProjectorAppModule,
      imports: [
        platformLoggerModule(options.config.LOG_LEVEL, destination),
        ProjectorModule.register(options),
      ],
    };
  }
}
