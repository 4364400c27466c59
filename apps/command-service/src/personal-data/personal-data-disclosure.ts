import { Inject, Injectable } from '@nestjs/common';
import { type PersonalDataAudit, redactPersonalData } from '@app/privacy';
import { CLOCK, type Clock } from '../shared/ids';
import { type PersonalDataReader } from './personal-data-reader';

export const PERSONAL_DATA_AUDIT = Symbol('PERSONAL_DATA_AUDIT');

/**
 * What a reader sees of a complaint's events: everything for a holder of `personal-data:read`, every
 * personal field `[redacted]` for the others (staff stay job numbers either way). A read that returns
 * personal data is audited before it is answered: no audit, no answer.
 */
@Injectable()
export class PersonalDataDisclosure {
  constructor(
    @Inject(PERSONAL_DATA_AUDIT) private readonly audit: PersonalDataAudit,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  visible<E extends { type: string; data: unknown }>(reader: PersonalDataReader, events: readonly E[]): E[] {
    if (reader.mayRead) return [...events];
    return events.map((event) => ({
      ...event,
      data: redactPersonalData(event.type, event.data as Record<string, unknown>),
    }));
  }

  async disclosed(reader: PersonalDataReader, complaintId: string, fields: readonly string[]): Promise<void> {
    if (!reader.mayRead || fields.length === 0) return;
    await this.audit.record({
      subject: reader.principal.subject,
      roles: reader.principal.roles,
      ...(reader.principal.issuedBy === undefined ? {} : { issuedBy: reader.principal.issuedBy }),
      ...(reader.principal.tokenId === undefined ? {} : { tokenId: reader.principal.tokenId }),
      complaintId,
      fields,
      route: reader.route,
      correlationId: reader.correlationId,
      at: this.clock.now(),
    });
  }
}
