/** The helper must fail loudly; otherwise every decider test passing would prove nothing. */
import { ComplaintErrors as E } from '../complaint/complaint.errors';
import { type CorrectiveActionCommand } from '../corrective-action/corrective-action';
import { cmd } from './complaint-commands';
import { ev, registered } from './complaint-events';
import { given, givenAction } from './decider-spec';

describe('given / when / then', () => {
  it('passes on exactly the events decided', () =>
    given(registered()).when(cmd.classify()).then([ev.classified()]));

  it('fails on other events', () =>
    expect(() =>
      given(registered())
        .when(cmd.classify())
        .then([ev.classified({ severity: 'serious' })]),
    ).toThrow());

  it('fails on a missing or an extra event', () => {
    expect(() => given(registered()).when(cmd.classify()).then([])).toThrow();
    expect(() => given(registered()).when(cmd.classify()).then([ev.classified(), ev.classified()])).toThrow();
  });

  it('fails on a key the decision does not set, even if undefined', () =>
    expect(() =>
      given(registered())
        .when(cmd.classify())
        .then([ev.classified({ incidentId: undefined })]),
    ).toThrow());

  it('fails when the decision throws instead', () =>
    expect(() => given([]).when(cmd.classify()).then([ev.classified()])).toThrow(/Complaint not found/));
});

describe('given / when / thenThrows', () => {
  it('passes on the code and the field thrown', () =>
    given([])
      .when(cmd.register({ businessLine: 'railway' }))
      .thenThrows(E.UNKNOWN_BUSINESS_LINE, 'businessLine'));

  it('fails when the decision returns events', () =>
    expect(() => given([]).when(cmd.register()).thenThrows(E.UNKNOWN_BUSINESS_LINE)).toThrow(
      /returned events/,
    ));

  it('fails on another code', () =>
    expect(() =>
      given([])
        .when(cmd.register({ businessLine: 'railway' }))
        .thenThrows(E.UNKNOWN_CHANNEL),
    ).toThrow());

  it('fails on another field', () =>
    expect(() =>
      given([])
        .when(cmd.register({ businessLine: 'railway' }))
        .thenThrows(E.UNKNOWN_BUSINESS_LINE, 'channel'),
    ).toThrow());

  it('fails on an error that is not a DomainError', () =>
    expect(() =>
      givenAction([])
        .when({ type: 'CancelCorrectiveAction' } as unknown as CorrectiveActionCommand)
        .thenThrows('CORRECTIVE_ACTION.NOT_FOUND'),
    ).toThrow());
});
