import { Command } from '@nestjs/cqrs';
import { type RegisterComplaint } from '@app/complaints';
import { type RequestContext } from '../../shared/request-context';

export type RegistrationInput = Omit<
  RegisterComplaint['data'],
  'complaintId' | 'acceptanceNumber' | 'receivedAt'
> & {
  receivedAt?: string;
};

export type RegistrationOutcome = {
  complaintId: string;
  acceptanceNumber: string;
  version: number;
  replayed: boolean;
};

export class RegisterComplaintCommand extends Command<RegistrationOutcome> {
  constructor(
    readonly input: RegistrationInput,
    readonly context: RequestContext,
  ) {
    super();
  }
}
