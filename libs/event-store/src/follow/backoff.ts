export interface BackoffOptions {
  /** First pause after a failure; it doubles per failed attempt up to `maxMs`. */
  initialMs?: number;
  maxMs: number;
  /**
   * Pause a random time between half and all of the doubled delay, so that processes restarted together
   * do not hit a recovering engine in step.
   */
  jitter?: boolean;
}

/** How long to pause after `failures` failed attempts in a row (0 after the first failure). */
export function backoffDelay(failures: number, options: BackoffOptions): number {
  const initial = options.initialMs ?? 200;
  const ceiling = Math.min(options.maxMs, initial * 2 ** Math.min(failures, 20));
  return options.jitter ? Math.round(ceiling / 2 + Math.random() * (ceiling / 2)) : ceiling;
}

/** Pauses that end early when woken: a loop told to stop does not wait out its back-off. */
export class Pauses {
  private readonly wakers = new Set<() => void>();

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wakers = this.wakers;
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakers.delete(done);
        resolve();
      }
      wakers.add(done);
    });
  }

  /** Ends every pause under way. */
  wakeAll(): void {
    for (const wake of [...this.wakers]) wake();
  }
}
