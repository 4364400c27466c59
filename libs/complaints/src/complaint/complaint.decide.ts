import { assertNever } from '../shared/typing';
import { type ComplaintCommand, type MergeComplaint } from './complaint.commands';
import { type ComplaintEvent } from './complaint.events';
import { type ComplaintState } from './complaint.state';
import { decideConsequence } from './decide/accountability';
import { type DecisionContext } from './decide/context';
import { merge, close, decideAppeal, fileAppeal, recordFollowUp, reopen, withdraw } from './decide/closure';
import {
  attributeCauses,
  dispatch,
  escalate,
  notifySuperior,
  recordFinding,
  returnDispatch,
  sendInterimReply,
} from './decide/handling';
import { acknowledge, classify, flagAbnormal, register } from './decide/intake';
import {
  approve,
  customerAccepts,
  customerRejects,
  implement,
  propose,
  reject,
  sendFinalReply,
} from './decide/resolution';

/** Commands decided on one complaint's stream alone. Merging spans two: see `decideMerge`. */
export type SingleComplaintCommand = Exclude<ComplaintCommand, MergeComplaint>;

/** Decides the events a command causes, or throws a DomainError with a stable code. Pure. */
export const decideComplaint = (
  command: SingleComplaintCommand,
  state: ComplaintState,
  context: DecisionContext,
): ComplaintEvent[] => {
  switch (command.type) {
    case 'RegisterComplaint':
      return register(command, state, context);
    case 'ClassifyComplaint':
      return classify(command, state, context);
    case 'FlagComplaintAbnormal':
      return flagAbnormal(command, state);
    case 'AcknowledgeComplaint':
      return acknowledge(command, state, context);
    case 'SendInterimReply':
      return sendInterimReply(command, state);
    case 'DispatchComplaint':
      return dispatch(command, state);
    case 'ReturnDispatch':
      return returnDispatch(command, state);
    case 'EscalateComplaint':
      return escalate(command, state, context);
    case 'NotifySuperiorOfEscalation':
      return notifySuperior(command, state);
    case 'RecordInvestigationFinding':
      return recordFinding(command, state);
    case 'AttributeRootCauses':
      return attributeCauses(command, state, context);
    case 'ProposeResolution':
      return propose(command, state, context);
    case 'ApproveResolution':
      return approve(command, state, context);
    case 'RejectResolution':
      return reject(command, state, context);
    case 'RecordCustomerAcceptance':
      return customerAccepts(command, state);
    case 'RecordCustomerRejection':
      return customerRejects(command, state);
    case 'ImplementResolution':
      return implement(command, state);
    case 'SendFinalReply':
      return sendFinalReply(command, state);
    case 'RecordFollowUp':
      return recordFollowUp(command, state, context);
    case 'CloseComplaint':
      return close(command, state, context);
    case 'ReopenComplaint':
      return reopen(command, state, context);
    case 'WithdrawComplaint':
      return withdraw(command, state);
    case 'FileCauseAppeal':
      return fileAppeal(command, state);
    case 'DecideCauseAppeal':
      return decideAppeal(command, state, context);
    case 'DecideCauseConsequence':
      return decideConsequence(command, state, context);
    default:
      return assertNever(command);
  }
};

export const decideMerge = merge;
