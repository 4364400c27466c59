import { cmd } from '../../test-support/complaint-commands';
import {
  CUSTOMER,
  acknowledgedDeferred,
  classified,
  closed,
  ev,
  merged,
  registered,
  reopened,
  replied,
  withdrawn,
} from '../../test-support/complaint-events';
import { given } from '../../test-support/decider-spec';
import { CLERK, COMPLAINT_ID, T, withPolicy } from '../../test-support/fixtures';
import { ComplaintErrors as E } from '../complaint.errors';
import {
  type ComplaintAcknowledged,
  type ComplaintClassified,
  type ComplaintFlaggedAbnormal,
} from '../complaint.events';

describe('RegisterComplaint', () => {
  describe('given no complaint', () => {
    it('registers it with what the customer said and who received it', () =>
      given([])
        .when(cmd.register())
        .then([
          {
            type: 'ComplaintRegistered',
            data: {
              complaintId: COMPLAINT_ID,
              acceptanceNumber: 'PO-20260302-0001',
              businessLine: 'postal',
              channel: 'counter',
              receivedAt: T.received,
              customer: CUSTOMER,
              description: 'Parcel PX1 arrived with a broken vase inside',
              demand: 'Compensation for the vase',
              receivedBy: { jobNumber: CLERK, orgUnit: 'branch-12' },
            },
          },
        ]));

    it('keeps the upstream source of a complaint that another system emitted', () =>
      given([])
        .when(cmd.register({ source: { system: 'national-centre', externalId: 'NC-88' } }))
        .then([ev.registered({ source: { system: 'national-centre', externalId: 'NC-88' } })]));

    it('keeps who referred it and its free tags, and drops an empty list of tags', () => {
      const referral = { referredBy: '12315', referenceNumber: 'R-2026-0042' };
      given([])
        .when(cmd.register({ referral, tags: ['older customer'] }))
        .then([ev.registered({ referral, tags: ['older customer'] })]);
      given([])
        .when(cmd.register({ tags: [] }))
        .then([ev.registered()]);
    });

    it('accepts a receipt time earlier than now', () =>
      given([])
        .when(cmd.register({ receivedAt: '2026-03-01T22:15:00.000Z' }))
        .then([ev.registered({ receivedAt: '2026-03-01T22:15:00.000Z' })]));

    it('refuses an unknown business line', () =>
      given([])
        .when(cmd.register({ businessLine: 'railway' }))
        .thenThrows(E.UNKNOWN_BUSINESS_LINE, 'businessLine'));

    it("refuses a channel unknown to the complaint's business line", () =>
      given([])
        .when(cmd.register({ channel: 'hotline-10086' }))
        .thenThrows(E.UNKNOWN_CHANNEL, 'channel'));

    it('accepts the same channel on the business line that has it', () =>
      given([])
        .when(cmd.register({ businessLine: 'telecom', channel: 'hotline-10086' }))
        .then([ev.registered({ businessLine: 'telecom', channel: 'hotline-10086' })]));

    it('refuses a receipt time that is not an instant', () =>
      given([])
        .when(cmd.register({ receivedAt: 'yesterday' }))
        .thenThrows(E.INVALID_INSTANT, 'receivedAt'));

    it('refuses a receipt time without a zone, which would be read in local time', () =>
      given([])
        .when(cmd.register({ receivedAt: '2026-03-02T08:00:00' }))
        .thenThrows(E.INVALID_INSTANT, 'receivedAt'));

    it('accepts a receipt time in another zone, compared by the moment', () =>
      given([])
        .when(cmd.register({ receivedAt: '2026-03-02T17:00:00+08:00' }))
        .then([ev.registered({ receivedAt: '2026-03-02T17:00:00+08:00' })]));

    it('refuses a receipt time in the future', () =>
      given([])
        .when(cmd.register({ receivedAt: '2026-03-02T09:00:00.001Z' }))
        .thenThrows(E.RECEIVED_IN_FUTURE, 'receivedAt'));
  });

  describe('given a registered complaint', () => {
    it('refuses a second registration under the same id', () =>
      given(registered()).when(cmd.register()).thenThrows(E.ALREADY_REGISTERED, 'complaintId'));
  });

  describe('given a merged complaint', () => {
    it('refuses to register over it', () =>
      given(merged()).when(cmd.register()).thenThrows(E.ALREADY_REGISTERED, 'complaintId'));
  });
});

describe('ClassifyComplaint', () => {
  const classifiedEvent: ComplaintClassified = {
    type: 'ComplaintClassified',
    data: {
      complaintId: COMPLAINT_ID,
      category: 'item-damaged',
      severity: 'minor',
      responsibility: 'at-fault',
      form: 'quality',
      classifiedAt: T.classified,
    },
  };

  describe('given no complaint', () => {
    it('reports the complaint as not found', () => {
      const error = given([]).when(cmd.classify()).error();
      expect({ code: error.code, kind: error.kind }).toEqual({ code: E.NOT_FOUND, kind: 'not-found' });
    });
  });

  describe('given a registered complaint', () => {
    it('classifies it by category, severity, responsibility and form', () =>
      given(registered()).when(cmd.classify()).then([classifiedEvent]));

    it('links it to a sudden incident', () =>
      given(registered())
        .when(cmd.classify({ severity: 'sudden-incident', incidentId: 'INC-3' }))
        .then([ev.classified({ severity: 'sudden-incident', incidentId: 'INC-3' })]));

    it("refuses a category unknown to the complaint's business line", () =>
      given(registered())
        .when(cmd.classify({ category: 'network' }))
        .thenThrows(E.UNKNOWN_CATEGORY, 'category'));

    it('accepts that category on a business line that has it', () =>
      given([ev.registered({ businessLine: 'telecom', channel: 'hotline-10086' })])
        .when(cmd.classify({ category: 'network' }))
        .then([ev.classified({ category: 'network' })]));
  });

  describe('given an acknowledged complaint', () => {
    it('reclassifies it', () =>
      given(acknowledgedDeferred())
        .when(cmd.classify({ severity: 'serious' }, { now: T.handling }))
        .then([ev.classified({ severity: 'serious', classifiedAt: T.handling })]));
  });

  describe('given a replied complaint', () => {
    it('refuses: the classification is frozen until a reopen', () =>
      given(replied()).when(cmd.classify()).thenThrows(E.ALREADY_REPLIED));
  });

  describe('given a withdrawn complaint', () => {
    it('refuses', () => given(withdrawn()).when(cmd.classify()).thenThrows(E.WITHDRAWN));
  });

  describe('given a closed complaint', () => {
    it('refuses', () => given(closed()).when(cmd.classify()).thenThrows(E.CLOSED));
  });

  describe('given a reopened complaint', () => {
    it('classifies it again', () =>
      given(reopened())
        .when(cmd.classify({ severity: 'serious' }, { now: T.reopened }))
        .then([ev.classified({ severity: 'serious', classifiedAt: T.reopened })]));
  });

  describe('given a merged complaint', () => {
    it('refuses', () => given(merged()).when(cmd.classify()).thenThrows(E.MERGED));
  });
});

describe('FlagComplaintAbnormal', () => {
  const flagged: ComplaintFlaggedAbnormal = {
    type: 'ComplaintFlaggedAbnormal',
    data: {
      complaintId: COMPLAINT_ID,
      reason: 'Demands ten times the value of the item',
      flaggedAt: T.handling,
    },
  };

  describe('given no complaint', () => {
    it('reports the complaint as not found', () =>
      given([]).when(cmd.flagAbnormal()).thenThrows(E.NOT_FOUND));
  });

  describe('given a registered complaint', () => {
    it('flags it, keeping it', () => given(registered()).when(cmd.flagAbnormal()).then([flagged]));

    it('refuses to flag it twice', () =>
      given([...registered(), flagged])
        .when(cmd.flagAbnormal())
        .thenThrows(E.ALREADY_ABNORMAL));
  });

  describe('given a replied complaint', () => {
    it('still flags it: abnormality may show only at the end', () =>
      given(replied()).when(cmd.flagAbnormal()).then([flagged]));
  });

  describe('given a withdrawn complaint', () => {
    it('refuses', () => given(withdrawn()).when(cmd.flagAbnormal()).thenThrows(E.WITHDRAWN));
  });

  describe('given a closed complaint', () => {
    it('refuses', () => given(closed()).when(cmd.flagAbnormal()).thenThrows(E.CLOSED));
  });

  describe('given a merged complaint', () => {
    it('refuses', () => given(merged()).when(cmd.flagAbnormal()).thenThrows(E.MERGED));
  });
});

describe('AcknowledgeComplaint', () => {
  const acknowledged = (
    replyDeadline: string,
    acknowledgedAt: string = T.acknowledged,
  ): ComplaintAcknowledged => ({
    type: 'ComplaintAcknowledged',
    data: {
      complaintId: COMPLAINT_ID,
      mode: 'deferred',
      replyDeadline,
      contactMethod: 'phone',
      acknowledgedAt,
    },
  });

  describe('given no complaint', () => {
    it('reports the complaint as not found', () => given([]).when(cmd.acknowledge()).thenThrows(E.NOT_FOUND));
  });

  describe('given a registered complaint that is not classified', () => {
    it('refuses a deferred reply: classify first', () =>
      given(registered()).when(cmd.acknowledge()).thenThrows(E.NOT_CLASSIFIED));

    it('refuses an immediate reply as well', () =>
      given(registered()).when(cmd.acknowledgeImmediately()).thenThrows(E.NOT_CLASSIFIED));
  });

  describe('given a classified complaint, deferred reply', () => {
    it('promises the deadline given', () =>
      given(classified())
        .when(cmd.acknowledge())
        .then([acknowledged(T.deadline)]));

    it('takes the deadline from the SLA when none is given (minor, counter: 72 h after receipt)', () =>
      given(classified())
        .when(cmd.acknowledge({ replyDeadline: undefined }))
        .then([acknowledged(T.slaDeadline)]));

    it('takes the channel rule of the SLA (regulator: 24 h)', () =>
      given([ev.registered({ channel: 'regulator' }), ev.classified()])
        .when(cmd.acknowledge({ replyDeadline: undefined }))
        .then([acknowledged('2026-03-03T09:00:00.000Z')]));

    it('takes the first matching SLA rule (a sudden incident from the regulator: 4 h)', () =>
      given([ev.registered({ channel: 'regulator' }), ev.classified({ severity: 'sudden-incident' })])
        .when(cmd.acknowledge({ replyDeadline: undefined }))
        .then([acknowledged('2026-03-02T13:00:00.000Z')]));

    it('accepts a deadline exactly at the SLA limit', () =>
      given(classified())
        .when(cmd.acknowledge({ replyDeadline: T.slaDeadline }))
        .then([acknowledged(T.slaDeadline)]));

    it('refuses a deadline beyond the SLA', () =>
      given(classified())
        .when(cmd.acknowledge({ replyDeadline: '2026-03-05T09:00:00.001Z' }))
        .thenThrows(E.DEADLINE_BEYOND_SLA, 'replyDeadline'));

    it('accepts a deadline beyond the SLA when the policy allows it', () =>
      given(classified(), withPolicy({ allowDeadlineBeyondSla: true }))
        .when(cmd.acknowledge({ replyDeadline: '2026-03-09T09:00:00.000Z' }))
        .then([acknowledged('2026-03-09T09:00:00.000Z')]));

    it('refuses a deferred reply without a deadline when no SLA rule applies', () =>
      given(classified(), withPolicy({ sla: [] }))
        .when(cmd.acknowledge({ replyDeadline: undefined }))
        .thenThrows(E.DEADLINE_REQUIRED, 'replyDeadline'));

    it('accepts any future deadline when no SLA rule applies', () =>
      given(classified(), withPolicy({ sla: [] }))
        .when(cmd.acknowledge({ replyDeadline: '2026-04-30T09:00:00.000Z' }))
        .then([acknowledged('2026-04-30T09:00:00.000Z')]));

    it('refuses a deadline that is not an instant', () =>
      given(classified())
        .when(cmd.acknowledge({ replyDeadline: 'next Tuesday' }))
        .thenThrows(E.INVALID_INSTANT, 'replyDeadline'));

    it('refuses a deadline that is now', () =>
      given(classified())
        .when(cmd.acknowledge({ replyDeadline: T.acknowledged }))
        .thenThrows(E.DEADLINE_NOT_IN_FUTURE, 'replyDeadline'));

    it('refuses an SLA deadline that has already passed', () =>
      given(classified())
        .when(cmd.acknowledge({ replyDeadline: undefined }, { now: '2026-03-06T09:00:00.000Z' }))
        .thenThrows(E.DEADLINE_NOT_IN_FUTURE, 'replyDeadline'));
  });

  describe('given a classified complaint, immediate reply', () => {
    it('acknowledges and gives the final reply at once, on time', () =>
      given(classified())
        .when(cmd.acknowledgeImmediately())
        .then([
          {
            type: 'ComplaintAcknowledged',
            data: {
              complaintId: COMPLAINT_ID,
              mode: 'immediate',
              replyDeadline: T.acknowledged,
              contactMethod: 'in-person',
              acknowledgedAt: T.acknowledged,
            },
          },
          {
            type: 'FinalReplySent',
            data: {
              complaintId: COMPLAINT_ID,
              summary: 'Apologised on the spot',
              contactMethod: 'in-person',
              deadlineInForce: T.acknowledged,
              onTime: true,
              repliedAt: T.acknowledged,
            },
          },
        ]));

    it('refuses a deadline: there is nothing to wait for', () =>
      given(classified())
        .when(cmd.acknowledgeImmediately({ replyDeadline: T.deadline }))
        .thenThrows(E.IMMEDIATE_WITH_DEADLINE, 'replyDeadline'));

    it('refuses to go without the reply given', () =>
      given(classified())
        .when(cmd.acknowledgeImmediately({ reply: undefined }))
        .thenThrows(E.IMMEDIATE_REPLY_REQUIRED, 'reply'));
  });

  describe('given an acknowledged complaint', () => {
    it('refuses a second acknowledgement', () =>
      given(acknowledgedDeferred()).when(cmd.acknowledge()).thenThrows(E.ALREADY_ACKNOWLEDGED));
  });

  describe('given a replied complaint', () => {
    it('refuses', () => given(replied()).when(cmd.acknowledge()).thenThrows(E.ALREADY_ACKNOWLEDGED));
  });

  describe('given a withdrawn complaint', () => {
    it('refuses', () => given(withdrawn()).when(cmd.acknowledge()).thenThrows(E.WITHDRAWN));
  });

  describe('given a closed complaint', () => {
    it('refuses: reopen first', () => given(closed()).when(cmd.acknowledge()).thenThrows(E.CLOSED));
  });

  describe('given a reopened complaint', () => {
    const afterReopen = { now: '2026-03-10T09:30:00.000Z' };

    it('needs a new acknowledgement, whose SLA runs from the reopen (72 h)', () =>
      given(reopened())
        .when(cmd.acknowledge({ replyDeadline: undefined }, afterReopen))
        .then([acknowledged('2026-03-13T09:00:00.000Z', afterReopen.now)]));

    it('refuses a deadline beyond the SLA counted from the reopen', () =>
      given(reopened())
        .when(cmd.acknowledge({ replyDeadline: '2026-03-14T09:00:00.000Z' }, afterReopen))
        .thenThrows(E.DEADLINE_BEYOND_SLA, 'replyDeadline'));
  });

  describe('given a merged complaint', () => {
    it('refuses', () => given(merged()).when(cmd.acknowledge()).thenThrows(E.MERGED));
  });
});
