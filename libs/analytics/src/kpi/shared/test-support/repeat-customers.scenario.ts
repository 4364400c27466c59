import { type ComplaintEvent } from '@app/complaints';
import type { RecordedEvent } from '@app/event-store';
import { EventLog } from '../../../test-support/event-log';
import { complaint } from './scenario-builders';

/**
 * Repeat customers across business lines and org units, on categories every line has
 * (`service-attitude`). Reporting zone Asia/Shanghai: 2026-W10 = [2026-03-01T16:00Z, 2026-03-08T16:00Z),
 * the month 2026-03 = [2026-02-28T16:00Z, 2026-03-31T16:00Z). All instants are UTC.
 *
 * - CUST-X: b01 (bank, W09), then a02 and a03 (telecom, W10). a02 is no repeat: its earlier complaint of
 *   the same category is in another line. a03 repeats a02 (same line).
 * - CUST-Y: a04 (postal, branch-12), then a05 (postal, branch-7): a05 is a repeat, across org units.
 * - CUST-Z: h01 (hotel, W09, flagged abnormal), then a07 (hotel, W10): no repeat, an abnormal complaint
 *   is not a counted one.
 *
 * W10, every line: 5 counted complaints (a02, a03, a04, a05, a07), 2 repeats (a03, a05). Telecom 1 of 2,
 * postal 1 of 2, hotel 0 of 1, bank 0 of 0: the lines add up to the whole.
 */
const [b01, a02, a03, a04, a05, h01, a07] = ['b01', 'a02', 'a03', 'a04', 'a05', 'h01', 'a07'].map(complaint);

const BANK = { businessLine: 'bank', channel: 'hotline-95588', orgUnit: 'bank-branch-1' };
const TELECOM = { businessLine: 'telecom', channel: 'hotline-10086', orgUnit: 'tel-hall-1' };
const HOTEL = { businessLine: 'hotel', channel: 'front-desk', orgUnit: 'hotel-1' };

export const repeatCustomerEvents = (): ComplaintEvent[] => [
  b01.registered('2026-02-26T09:00:00.000Z', 'CUST-X', BANK),
  b01.classified('2026-02-26T09:10:00.000Z', 'service-attitude'),
  h01.registered('2026-02-27T09:00:00.000Z', 'CUST-Z', HOTEL),
  h01.classified('2026-02-27T09:10:00.000Z', 'service-attitude'),
  h01.flaggedAbnormal('2026-02-27T10:00:00.000Z'),
  a02.registered('2026-03-03T09:00:00.000Z', 'CUST-X', TELECOM),
  a02.classified('2026-03-03T09:10:00.000Z', 'service-attitude'),
  a03.registered('2026-03-05T09:00:00.000Z', 'CUST-X', TELECOM),
  a03.classified('2026-03-05T09:10:00.000Z', 'service-attitude'),
  a04.registered('2026-03-03T10:00:00.000Z', 'CUST-Y'),
  a04.classified('2026-03-03T10:10:00.000Z', 'service-attitude'),
  a05.registered('2026-03-04T10:00:00.000Z', 'CUST-Y', { orgUnit: 'branch-7' }),
  a05.classified('2026-03-04T10:10:00.000Z', 'service-attitude'),
  a07.registered('2026-03-06T09:00:00.000Z', 'CUST-Z', HOTEL),
  a07.classified('2026-03-06T09:10:00.000Z', 'service-attitude'),
];

export const recordRepeatCustomerScenario = (): RecordedEvent[] =>
  new EventLog().recordAll(repeatCustomerEvents());
