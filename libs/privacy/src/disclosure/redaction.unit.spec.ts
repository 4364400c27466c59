import { ev } from '@app/complaints/test-support/complaint-events';
import { ERASED } from '../encryption/field-cipher';
import { erasedReference as erasedReferenceOf } from '../encryption/personal-data-event-store';
import { REDACTED, disclosedFields, redactPersonalData } from './redaction';

describe('redaction for readers without personal-data:read', () => {
  const registered = ev.registered({
    customer: { reference: 'R-1', name: 'Wang Fang', contact: { phone: '+86 1', email: 'w@example.com' } },
  }).data as unknown as Record<string, unknown>;

  it('replaces every personal field and keeps every fact', () => {
    expect(redactPersonalData('ComplaintRegistered', registered)).toStrictEqual({
      ...registered,
      customer: { reference: REDACTED, name: REDACTED, contact: { phone: REDACTED, email: REDACTED } },
      description: REDACTED,
      demand: REDACTED,
    });
    const proposed = ev.proposed({
      options: [
        { kind: 'apology', note: 'sorry' },
        { kind: 'refund', amount: 5 },
      ],
    });
    expect(
      redactPersonalData(proposed.type, proposed.data as unknown as Record<string, unknown>),
    ).toMatchObject({
      options: [
        { kind: 'apology', note: REDACTED },
        { kind: 'refund', amount: 5 },
      ],
    });
    expect(redactPersonalData('ComplaintClosed', { closedAt: 'x' })).toStrictEqual({ closedAt: 'x' });
  });

  it('leaves an erased field marked erased', () => {
    expect(redactPersonalData('FinalReplySent', { summary: ERASED })).toStrictEqual({ summary: ERASED });
    const erasedReference = erasedReferenceOf('a'.repeat(64));
    expect(
      redactPersonalData('ComplaintRegistered', { customer: { reference: erasedReference } }),
    ).toStrictEqual({ customer: { reference: erasedReference } });
  });

  it('redacts and audits text that only looks like an erased marker', () => {
    const lookalike = '[erased: x] call 138 0000 4321';
    expect(redactPersonalData('FinalReplySent', { summary: lookalike })).toStrictEqual({
      summary: REDACTED,
    });
    expect(disclosedFields('FinalReplySent', { summary: lookalike })).toStrictEqual(['summary']);
  });

  it('names the personal fields that hold data, each once, and none that are erased or redacted', () => {
    expect(disclosedFields('ComplaintRegistered', registered)).toStrictEqual([
      'customer.reference',
      'customer.name',
      'customer.contact.phone',
      'customer.contact.email',
      'description',
      'demand',
    ]);
    expect(
      disclosedFields('ResolutionProposed', { options: [{ note: 'a' }, { note: 'b' }, { note: ERASED }] }),
    ).toStrictEqual(['options[].note']);
    expect(
      disclosedFields('ComplaintRegistered', redactPersonalData('ComplaintRegistered', registered)),
    ).toStrictEqual([]);
    expect(disclosedFields('FinalReplySent', { summary: ERASED })).toStrictEqual([]);
    expect(disclosedFields('Unclassified', { text: 'x' })).toStrictEqual([]);
  });
});
