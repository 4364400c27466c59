import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import {
  AuthModule,
  ErrorFilter,
  authConfigOf,
  revocationSourceProvider,
  storeRevocationSource,
} from '@app/platform';
import { CqrsModule } from '@nestjs/cqrs';
import { TerminusModule } from '@nestjs/terminus';
import { AcknowledgeAlertController } from './alerts/acknowledge-alert/acknowledge-alert.controller';
import { AccessTokenRecords } from './auth/access-token-records';
import { IssueTokenController } from './auth/issue-token/issue-token.controller';
import { RevokeTokenController } from './auth/revoke-token/revoke-token.controller';
import { ComplaintsController } from './complaints/complaints.controller';
import { HandleComplaintHandler } from './complaints/handle-complaint/handle-complaint.handler';
import { MergeComplaintHandler } from './complaints/merge-complaint/merge-complaint.handler';
import {
  GetComplaintHandler,
  GetComplaintTimelineHandler,
  GetCorrectiveActionHandler,
} from './complaints/read-complaint/read-complaint.handlers';
import { RegisterComplaintHandler } from './complaints/register-complaint/register-complaint.handler';
import { COMMAND_SERVICE_CONFIG, type CommandServiceConfig } from './config/command-service.config';
import { DECISION_CONTEXT, loadDecisionContext } from './config/domain-config';
import { CorrectiveActionHandler } from './corrective-actions/corrective-action.handler';
import { CorrectiveActionsController } from './corrective-actions/corrective-actions.controller';
import {
  HoldQualityMeetingHandler,
  RecordMeetingDecisionHandler,
  RecordMeetingFindingHandler,
} from './quality-meetings/quality-meeting.handlers';
import { QualityMeetingsController } from './quality-meetings/quality-meetings.controller';
import { HealthController } from './health/health.controller';
import { InboundBatchIngress } from './ingress/inbound-batch-ingress.service';
import { InboundIngress } from './ingress/inbound-ingress.service';
import { IngressController } from './ingress/ingress.controller';
import { KafkaInboundConsumer } from './ingress/kafka-inbound.consumer';
import { CommandMetrics } from './metrics/command-metrics';
import { MetricsController } from './metrics/metrics.controller';
import { type EventStore } from '@app/event-store';
import { CLOCK, type Clock, systemClock } from './shared/ids';
import { EventSourcedStreams } from './command-loop/event-sourced-streams';
import { EVENT_STORE, storeProviders } from './store/event-store.provider';
import { PersonalDataController } from './personal-data/personal-data.controller';
import { personalDataProviders } from './personal-data/personal-data.providers';
import { TaxonomyController } from './taxonomy/taxonomy.controller';

const CommandHandlers = [
  RegisterComplaintHandler,
  HandleComplaintHandler,
  MergeComplaintHandler,
  CorrectiveActionHandler,
  HoldQualityMeetingHandler,
  RecordMeetingFindingHandler,
  RecordMeetingDecisionHandler,
];
const QueryHandlers = [GetComplaintHandler, GetComplaintTimelineHandler, GetCorrectiveActionHandler];

export type CommandServiceOptions = {
  config: CommandServiceConfig;
  clock?: Clock;
  /**
   * An event store the host process already has open (the standalone app shares its PGlite store, which
   * allows one process only, with the projector). The host closes it; without it the module opens the
   * configured store and closes it at shutdown.
   */
  eventStore?: EventStore;
};

/** HTTP commands → CommandBus → handlers → event store. Composed by its own main and by the standalone app. */
@Module({})
export class CommandServiceModule {
  static register({ config, clock = systemClock, eventStore }: CommandServiceOptions): DynamicModule {
    return {
      module: CommandServiceModule,
      imports: [CqrsModule.forRoot(), TerminusModule, AuthModule.register(authConfigOf(config))],
      controllers: [
        ComplaintsController,
        CorrectiveActionsController,
        QualityMeetingsController,
        IngressController,
        TaxonomyController,
        HealthController,
        MetricsController,
        IssueTokenController,
        RevokeTokenController,
        AcknowledgeAlertController,
        PersonalDataController,
      ],
      providers: [
        { provide: COMMAND_SERVICE_CONFIG, useValue: config },
        { provide: DECISION_CONTEXT, useValue: loadDecisionContext(config) },
        { provide: CLOCK, useValue: clock },
        { provide: APP_FILTER, useClass: ErrorFilter },
        ...storeProviders(eventStore),
        ...personalDataProviders,
        { provide: CommandMetrics, useValue: new CommandMetrics() },
        EventSourcedStreams,
        AccessTokenRecords,
        revocationSourceProvider(EVENT_STORE, storeRevocationSource),
        InboundIngress,
        InboundBatchIngress,
        KafkaInboundConsumer,
        ...CommandHandlers,
        ...QueryHandlers,
      ],
      exports: [EVENT_STORE, COMMAND_SERVICE_CONFIG, InboundIngress, InboundBatchIngress, DECISION_CONTEXT],
    };
  }
}
