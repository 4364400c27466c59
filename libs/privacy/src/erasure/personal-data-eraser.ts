import { type ErasureRecord, type KeyStore } from '../keys/key-store.port';

/**
 * Erasure on request: a customer's personal data in every complaint of theirs, found through the
 * pseudonym recorded with each complaint's key (the reference itself is stored nowhere in clear).
 */
export class PersonalDataEraser {
  constructor(
    private readonly keys: KeyStore,
    private readonly customerPseudonym: (reference: string) => string,
  ) {}

  async eraseCustomer(reference: string): Promise<ErasureRecord[]> {
    return this.eraseStreams(await this.streamsOfCustomer(reference));
  }

  /** The streams holding the customer's personal data (for a caller that may erase only some of them). */
  streamsOfCustomer(reference: string): Promise<string[]> {
    return this.keys.streamsOfCustomer(this.customerPseudonym(reference));
  }

  async eraseStreams(streamIds: readonly string[]): Promise<ErasureRecord[]> {
    const erased = await this.keys.erase(streamIds, 'request');
    if (erased.length > 0) await this.keys.compact();
    return erased;
  }
}
