/**
 * What a measurement must undo (schemas, topics, temporary directories, open clients), registered as it
 * is made and undone in reverse order at the end, each step even when an earlier one failed. A failed
 * step is reported on stderr and does not hide the measurement's own result or error. (Node 20 has no
 * AsyncDisposableStack yet.) Every cleanup not yet run is also run when the process is interrupted
 * (`runPendingCleanups`), so Ctrl-C does not leave schemas and directories behind.
 */
export class Cleanup {
  private readonly steps: { label: string; run: () => Promise<unknown> | unknown }[] = [];

  constructor() {
    pending.add(this);
  }

  /** Registers the undoing of `value` and returns it, so a resource is registered where it is made. */
  add<T>(value: T, label: string, undo: (value: T) => Promise<unknown> | unknown): T {
    this.steps.push({ label, run: () => undo(value) });
    return value;
  }

  async run(): Promise<void> {
    pending.delete(this);
    for (const step of this.steps.splice(0).reverse()) {
      try {
        await step.run();
      } catch (error) {
        process.stderr.write(`cleanup: ${step.label} failed: ${String(error)}\n`);
      }
    }
  }
}

const pending = new Set<Cleanup>();

export const runPendingCleanups = async (): Promise<void> => {
  for (const cleanup of [...pending]) await cleanup.run();
};
