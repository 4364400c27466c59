import { type Permission } from '@app/platform';
import { EmptyRequest } from '../complaints/handle-complaint/complaint-actions.request.dto';
import { commandRouteOf } from '../http/command-routes';
import { type CorrectiveActionStep } from './corrective-action.commands';
import {
  CompleteCorrectiveActionRequest,
  VerifyCorrectiveActionRequest,
} from './corrective-action.request.dto';

const WRITE: Permission = 'corrective-action:write';

const route = commandRouteOf<CorrectiveActionStep>();

/** Every step on a proposed corrective action, `POST /corrective-actions/{id}/<path>`. */
export const CORRECTIVE_ACTION_ROUTES = [
  route({
    path: 'start',
    summary: 'Start carrying out the measure',
    permission: WRITE,
    body: EmptyRequest,
    step: () => ({ type: 'StartCorrectiveAction', data: {} }),
  }),
  route({
    path: 'complete',
    summary: 'Record that the measure was carried out',
    permission: WRITE,
    body: CompleteCorrectiveActionRequest,
    step: (_id, body) => ({ type: 'CompleteCorrectiveAction', data: { note: body.note } }),
  }),
  route({
    path: 'verify',
    summary: 'Verify whether the measure worked, after its effect could be seen',
    permission: WRITE,
    body: VerifyCorrectiveActionRequest,
    step: (_id, body) => ({
      type: 'VerifyCorrectiveAction',
      data: { effective: body.effective, note: body.note },
    }),
  }),
];
