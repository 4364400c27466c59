import { setTimeout as sleep } from 'node:timers/promises';
import { type InboundProblem } from '@app/messaging/inbound/inbound-message';
import {
  DryRunMemory,
  GROUP_REFUSED,
  type InboundBatchIngress,
} from '../ingress/inbound-batch-ingress.service';
import { type IngressResult } from '../ingress/inbound-ingress.service';
import { MAX_BATCH_ITEMS } from '../ingress/ingress.controller';

/** What became of one row: its history stored (`eventsAppended` of it new), or refused by one message. */
export type RowOutcome =
  | { status: 'imported'; eventsAppended: number }
  | { status: 'rejected'; refused: { index: number; problems: InboundProblem[] } };

/** Where the rows go: the configured store directly, or a running command service over HTTP. */
export interface ImportTarget {
  /** Decide only, store nothing (`--check`). */
  readonly dryRun: boolean;
  /** Each row's messages, in order; one outcome per row. */
  send(rows: readonly Record<string, unknown>[][]): Promise<RowOutcome[]>;
}

/** Straight into the store this process opened, through the batch ingress: one append per batch. */
export class StoreTarget implements ImportTarget {
  private readonly decidedBefore = new DryRunMemory();

  constructor(
    private readonly ingress: InboundBatchIngress,
    readonly dryRun = false,
  ) {}

  async send(rows: readonly Record<string, unknown>[][]): Promise<RowOutcome[]> {
    const outcomes = await this.ingress.handleGroups(
      rows,
      {},
      {
        dryRun: this.dryRun,
        decidedBefore: this.dryRun ? this.decidedBefore : undefined,
      },
    );
    return outcomes.map((outcome) =>
      outcome.status === 'rejected'
        ? { status: 'rejected', refused: outcome.refused! }
        : { status: 'imported', eventsAppended: outcome.eventsAppended },
    );
  }
}

export class ImportHttpError extends Error {
  readonly code = 'IMPORT.SERVICE_REFUSED';
}

const RETRIES = 6;

/**
 * Through a running command service's `POST /ingress/batch`, as an upstream system sends: requests of at
 * most 500 messages holding whole rows, `atomicPerComplaint` so that each row is stored all or none. The
 * credential must be a `system` API key (or token) for the mapping's source system. A request that fails
 * on the way or with a 5xx / 429 is sent again (the same message ids store nothing twice); any other
 * refusal stops the import with the service's answer.
 */
export class HttpTarget implements ImportTarget {
  readonly dryRun = false;

  constructor(
    private readonly baseUrl: string,
    private readonly credential: { apiKey: string } | { token: string },
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  async send(rows: readonly Record<string, unknown>[][]): Promise<RowOutcome[]> {
    const outcomes: RowOutcome[] = [];
    for (let start = 0; start < rows.length;) {
      let end = start;
      let messages = 0;
      while (end < rows.length && (end === start || messages + rows[end]!.length <= MAX_BATCH_ITEMS))
        messages += rows[end++]!.length;
      outcomes.push(...(await this.sendRequest(rows.slice(start, end))));
      start = end;
    }
    return outcomes;
  }

  private async sendRequest(rows: readonly Record<string, unknown>[][]): Promise<RowOutcome[]> {
    const body = JSON.stringify({ messages: rows.flat(), atomicPerComplaint: true });
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      ...('apiKey' in this.credential
        ? { 'X-Api-Key': this.credential.apiKey }
        : { Authorization: `Bearer ${this.credential.token}` }),
    };
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await fetch(`${this.baseUrl}/ingress/batch`, { method: 'POST', headers, body });
      } catch (error) {
        if (attempt >= RETRIES) throw error;
        this.log(`import: ${this.baseUrl} unreachable (${String(error)}); trying again`);
        await sleep(250 * 2 ** attempt);
        continue;
      }
      if (response.status >= 500 || response.status === 429) {
        if (attempt >= RETRIES) throw new ImportHttpError(`${this.baseUrl} answered ${response.status}`);
        this.log(`import: ${this.baseUrl} answered ${response.status}; trying again`);
        await sleep(250 * 2 ** attempt);
        continue;
      }
      const answer = (await response.json().catch(() => ({}))) as {
        results?: (IngressResult & { index: number })[];
        code?: string;
        message?: string;
      };
      if (!response.ok || !answer.results)
        throw new ImportHttpError(
          `${this.baseUrl}/ingress/batch refused the import: ${response.status} ${answer.code ?? ''} ${
            answer.message ?? ''
          }`.trim(),
        );
      return this.rowOutcomes(rows, answer.results);
    }
  }

  private rowOutcomes(
    rows: readonly Record<string, unknown>[][],
    results: readonly (IngressResult & { index: number })[],
  ): RowOutcome[] {
    const byIndex = new Map(results.map((result) => [result.index, result]));
    let offset = 0;
    return rows.map((row) => {
      const mine = row.map((_, i) => byIndex.get(offset + i));
      offset += row.length;
      const refused = mine.findIndex(
        (result) =>
          result?.status === 'rejected' && !result.problems.some((problem) => problem.code === GROUP_REFUSED),
      );
      if (refused >= 0) {
        const result = mine[refused] as Extract<IngressResult, { status: 'rejected' }>;
        return { status: 'rejected', refused: { index: refused, problems: result.problems } };
      }
      return {
        status: 'imported',
        eventsAppended: mine.filter((result) => result?.status === 'accepted').length,
      };
    });
  }
}
