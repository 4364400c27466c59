import { resolve } from 'node:path';

/**
 * The chDB engine binds one data directory per process. Every store in the process therefore shares
 * one session per directory (reference-counted), and asking for a second, different directory while
 * one is open fails here with a message that says so, rather than deep inside the engine.
 */
export class ChdbDataDirectoryConflictError extends Error {
  readonly code = 'ANALYTICS_STORE.CHDB_DATA_DIRECTORY_IN_USE';
  constructor(
    readonly openPath: string,
    readonly requestedPath: string,
  ) {
    super(
      `chDB runs one data directory per process: '${openPath}' is open, so '${requestedPath}' cannot be. ` +
        'Share the open directory (use a separate database for separate data) or close every store on it first.',
    );
    this.name = 'ChdbDataDirectoryConflictError';
  }
}

export interface ClosableSession {
  close(): void;
}

export interface SessionLease<S> {
  readonly session: S;
  readonly path: string;
  /** Idempotent; the last release closes the session and waits until the engine has let it go. */
  release(): Promise<void>;
}

/** What keeps other processes off a directory while this one has it open (see `lockDirectory`). */
export type DirectoryLocker = (path: string) => { release(): void };

export class ChdbSessionRegistry<S extends ClosableSession> {
  private open?: { path: string; session: S; leases: number; lock?: { release(): void } };
  private closing: Promise<void> = Promise.resolve();

  constructor(
    private readonly openSession: (path: string) => S,
    /** Resolves once nothing native is still running on a closed session. */
    private readonly drain: () => Promise<void>,
    /** Taken before the directory is opened, let go once the engine has let go of it. */
    private readonly lock?: DirectoryLocker,
  ) {}

  get openPath(): string | undefined {
    return this.open?.path;
  }

  async acquire(dataDir: string): Promise<SessionLease<S>> {
    const path = resolve(dataDir);
    await this.closing;
    if (this.open && this.open.path !== path) throw new ChdbDataDirectoryConflictError(this.open.path, path);
    if (this.open) this.open.leases += 1;
    else {
      const lock = this.lock?.(path);
      try {
        this.open = { path, session: this.openSession(path), leases: 1, lock };
      } catch (error) {
        lock?.release();
        throw error;
      }
    }
    const { session } = this.open;
    let released = false;
    return {
      session,
      path,
      release: async () => {
        if (released) return;
        released = true;
        await this.release(session);
      },
    };
  }

  private async release(session: S): Promise<void> {
    if (this.open?.session !== session) return;
    this.open.leases -= 1;
    if (this.open.leases > 0) return;
    const { lock } = this.open;
    this.open = undefined;
    session.close();
    this.closing = this.drain().finally(() => lock?.release());
    await this.closing;
  }
}
