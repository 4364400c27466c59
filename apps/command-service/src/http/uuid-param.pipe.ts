import { Injectable, type PipeTransform } from '@nestjs/common';
import { badRequest } from '@app/platform';
import { UUID } from './dto-helpers';

/** Path ids are UUIDs; anything else is a 400 naming the parameter, never a lookup. */
@Injectable()
export class UuidParamPipe implements PipeTransform<string, string> {
  constructor(private readonly name = 'id') {}

  transform(value: string): string {
    if (!UUID.test(value)) throw badRequest(this.name, 'must be a UUID', 'VALIDATION.IS_UUID');
    return value;
  }
}
