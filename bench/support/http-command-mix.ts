import {
  FORMS,
  RESPONSIBILITIES,
  type BusinessLineTaxonomy,
  type Taxonomy,
  defaultTaxonomy,
} from '@app/complaints';

/**
 * The commands the round-trip measurement sends: every other one a registration with a body of its own,
 * the rest follow-on commands on complaints registered earlier in the run — classify, then acknowledge
 * (deferred, the SLA policy setting the deadline). A complaint is handed out again only once its previous
 * command has been answered, oldest first, so every command is valid for its complaint's state and no two
 * are in flight on the same stream. Until a registration has been answered there is nothing to follow
 * up, and a registration goes out instead (counted as a fallback: the warm-up fills the queue).
 */
export const MIX_KINDS = ['register', 'classify', 'acknowledge'] as const;
export type MixKind = (typeof MIX_KINDS)[number];

export type MixCommand = {
  kind: MixKind;
  path: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
  /** The complaint a follow-on command acts on. */
  complaint?: Complaint;
};

export type MixCounts = Record<MixKind, number> & { fallbacks: number };

export type MixFailure = { kind: MixKind; status: number; body: string };

type Complaint = { complaintId: string; line: BusinessLineTaxonomy; next: 'classify' | 'acknowledge' };

const KEPT_FAILURES = 5;
/** How many agents send the commands: job numbers A1000 … A1199, each with a token of its own. */
export const AGENTS = 200;

export const agentJobNumber = (i: number): string => `A${1_000 + (i % AGENTS)}`;

const noCounts = (): MixCounts => ({ register: 0, classify: 0, acknowledge: 0, fallbacks: 0 });

/** A first-in, first-out queue that does not shift its array on every take. */
class Queue<T> {
  private items: T[] = [];
  private head = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  take(): T | undefined {
    if (this.head === this.items.length) return undefined;
    const item = this.items[this.head++];
    if (this.head > 4_096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
}

export class CommandMix {
  private readonly ready = new Queue<Complaint>();
  private readonly lines: BusinessLineTaxonomy[];
  private n = 0;
  private sentCounts = noCounts();
  private answeredCounts = noCounts();
  private failed: MixFailure[] = [];
  private failures = 0;

  /**
   * `runTag` makes the bodies unique across runs against the same store; `tokens` holds each agent's
   * bearer token by job number (the service records that agent as the actor).
   */
  constructor(
    private readonly runTag: string,
    private readonly tokens: Readonly<Record<string, string>> = {},
    taxonomy: Taxonomy = defaultTaxonomy(),
  ) {
    this.lines = taxonomy.businessLines();
  }

  /** The next command to send. */
  next(): MixCommand {
    const n = this.n++;
    const complaint = n % 2 === 1 ? this.ready.take() : undefined;
    if (n % 2 === 1 && complaint === undefined) this.sentCounts.fallbacks++;
    const command = complaint === undefined ? this.registration(n) : this.followOn(n, complaint);
    this.sentCounts[command.kind]++;
    return command;
  }

  /** Takes the answer to a command: a complaint moves on to its next step, a failure is kept. */
  settle(command: MixCommand, status: number, body: string): void {
    if (status < 200 || status >= 300) {
      this.failures++;
      if (this.failed.length < KEPT_FAILURES) this.failed.push({ kind: command.kind, status, body });
      return;
    }
    this.answeredCounts[command.kind]++;
    if (command.kind === 'register') {
      const { complaintId } = JSON.parse(body) as { complaintId: string };
      const line = this.lines.find((candidate) => candidate.businessLine === command.body.businessLine)!;
      this.ready.push({ complaintId, line, next: 'classify' });
    } else if (command.kind === 'classify') {
      this.ready.push({ ...command.complaint!, next: 'acknowledge' });
    }
  }

  /** Starts counting afresh (after the warm-up); the complaints waiting for their next step stay. */
  resetCounts(): void {
    this.sentCounts = noCounts();
    this.answeredCounts = noCounts();
    this.failed = [];
    this.failures = 0;
  }

  get sent(): MixCounts {
    return { ...this.sentCounts };
  }

  get answered(): MixCounts {
    return { ...this.answeredCounts };
  }

  get failureCount(): number {
    return this.failures;
  }

  /** The first few failures, for the error report. */
  get failureSamples(): MixFailure[] {
    return [...this.failed];
  }

  get waiting(): number {
    return this.ready.size;
  }

  private headers(n: number): Record<string, string> {
    const token = this.tokens[agentJobNumber(n)];
    return {
      'content-type': 'application/json',
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    };
  }

  private registration(n: number): MixCommand {
    const line = this.lines[n % this.lines.length];
    const channel = line.channels[n % line.channels.length];
    const unit = n % 12;
    return {
      kind: 'register',
      path: '/complaints',
      headers: this.headers(n),
      body: {
        businessLine: line.businessLine,
        channel: channel.code,
        customer: {
          reference: `CUST-${this.runTag}-${n}`,
          name: `客户${n}`,
          contact: { phone: `+86 138 ${String(n % 100_000_000).padStart(8, '0')}` },
        },
        description: `Complaint ${n} of run ${this.runTag}: the service fell short of what was promised.`,
        demand: 'A clear answer and a remedy within the promised time',
        receivedBy: { jobNumber: agentJobNumber(n), orgUnit: `${line.businessLine}-branch-${unit}` },
      },
    };
  }

  private followOn(n: number, complaint: Complaint): MixCommand {
    const path = `/complaints/${complaint.complaintId}/${complaint.next}`;
    if (complaint.next === 'acknowledge')
      return {
        kind: 'acknowledge',
        path,
        headers: this.headers(n),
        body: { mode: 'deferred', contactMethod: 'phone' },
        complaint,
      };
    const { categories } = complaint.line;
    return {
      kind: 'classify',
      path,
      headers: this.headers(n),
      body: {
        category: categories[n % categories.length].code,
        severity: n % 10 < 7 ? 'minor' : 'serious',
        responsibility: RESPONSIBILITIES[n % RESPONSIBILITIES.length],
        form: FORMS[n % FORMS.length],
      },
      complaint,
    };
  }
}
