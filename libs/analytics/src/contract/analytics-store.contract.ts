import { AnalyticsStoreError, type AnalyticsStore } from '../analytics-store.port';
import { InvalidIdentifierError } from '../shared/identifiers';

export interface ContractSubject {
  store: AnalyticsStore;
  /** A database of the subject's own, created empty; dropped by `cleanup`. */
  database: string;
  cleanup(): Promise<void>;
}

export interface ContractOptions {
  /** Time limit for each test and for the factory. */
  timeoutMs?: number;
}

/** Quotes, a backslash, a statement terminator and a comment: must come back as plain data. */
export const HOSTILE = "x'); DROP TABLE t; --";
const TRICKY = 'tab\there, newline\nhere, backslash \\ and quote \' and "double"';
const UNICODE = '王小明 投诉 — Ünïcödé ✓ 🚀';
const MAX_UINT64 = 18446744073709551615n;

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('Expected the promise to reject');
}

type KindsRow = {
  id: number;
  name: string;
  city: string;
  at: string;
  note: string | null;
  tags: string[];
  big: string;
  flag: number;
  amount: number;
};

/** The same behaviour, whatever engine answers: chDB in process or a ClickHouse server. */
export function describeAnalyticsStoreContract(
  name: string,
  factory: () => Promise<ContractSubject>,
  options: ContractOptions = {},
): void {
  const timeout = options.timeoutMs ?? 30_000;

  describe(`AnalyticsStore contract: ${name}`, () => {
    let subject: ContractSubject;
    let store: AnalyticsStore;
    let db: string;

    beforeAll(async () => {
      subject = await factory();
      store = subject.store;
      db = subject.database;
    }, timeout);

    afterAll(async () => {
      await subject?.cleanup();
    }, timeout);

    const createKinds = async (table: string) => {
      await store.command(
        `CREATE TABLE IF NOT EXISTS ${db}.${table} (
          id UInt32,
          name String,
          city LowCardinality(String),
          at DateTime64(3, 'UTC'),
          note Nullable(String),
          tags Array(String),
          big UInt64,
          flag UInt8,
          amount Decimal(18, 2)
        ) ENGINE = MergeTree ORDER BY id`,
      );
    };

    it(
      'answers a ping',
      async () => {
        await expect(store.ping()).resolves.toBeUndefined();
      },
      timeout,
    );

    it(
      'creates a table idempotently in its database',
      async () => {
        await createKinds('created_twice');
        await createKinds('created_twice');
        const tables = await store.query<{ name: string }>(
          'SELECT name FROM system.tables WHERE database = {db:String} AND name = {table:String}',
          { db, table: 'created_twice' },
        );
        expect(tables).toEqual([{ name: 'created_twice' }]);
      },
      timeout,
    );

    it(
      'round-trips a batch of unicode, DateTime64 with milliseconds, Nullable, Array(String), LowCardinality and UInt64',
      async () => {
        await createKinds('kinds');
        await store.insert(`${db}.kinds`, [
          {
            id: 1,
            name: UNICODE,
            city: '北京',
            at: '2026-03-02T09:00:00.123Z',
            note: null,
            tags: [],
            big: MAX_UINT64,
            flag: 1,
            amount: 200,
          },
          {
            id: 2,
            name: TRICKY,
            city: 'beijing',
            at: '2026-03-02T17:00:00.456+08:00',
            note: 'a note',
            tags: ['a', "b'c", '中文'],
            big: 0,
            flag: 0,
            amount: 12.5,
          },
          {
            id: 3,
            name: HOSTILE,
            city: '北京',
            at: new Date('2026-03-03T00:00:00.007Z'),
            note: '',
            tags: [HOSTILE],
            big: '42',
            flag: 1,
            amount: 0.01,
          },
        ]);

        const rows = await store.query<KindsRow>(`SELECT * FROM ${db}.kinds ORDER BY id`);

        expect(rows).toEqual([
          {
            id: 1,
            name: UNICODE,
            city: '北京',
            at: '2026-03-02T09:00:00.123Z',
            note: null,
            tags: [],
            big: '18446744073709551615',
            flag: 1,
            amount: 200,
          },
          {
            id: 2,
            name: TRICKY,
            city: 'beijing',
            at: '2026-03-02T09:00:00.456Z',
            note: 'a note',
            tags: ['a', "b'c", '中文'],
            big: '0',
            flag: 0,
            amount: 12.5,
          },
          {
            id: 3,
            name: HOSTILE,
            city: '北京',
            at: '2026-03-03T00:00:00.007Z',
            note: '',
            tags: [HOSTILE],
            big: '42',
            flag: 1,
            amount: 0.01,
          },
        ]);
      },
      timeout,
    );

    it(
      'binds every parameter kind: strings, UInt64 from bigint, DateTime64 from Date, arrays, null, numbers, booleans',
      async () => {
        const [row] = await store.query(
          `SELECT {s:String} AS s, {u:String} AS u, {big:UInt64} AS big, {at:DateTime64(3, 'UTC')} AS at,
                  {tags:Array(String)} AS tags, {missing:Nullable(String)} AS missing, {n:Int32} AS n,
                  {ratio:Float64} AS ratio, {yes:Bool} AS yes`,
          {
            s: TRICKY,
            u: UNICODE,
            big: MAX_UINT64,
            at: new Date('2026-03-02T09:00:00.123Z'),
            tags: ['a', HOSTILE, '中文'],
            missing: null,
            n: -7,
            ratio: 0.25,
            yes: true,
          },
        );
        expect(row).toEqual({
          s: TRICKY,
          u: UNICODE,
          big: '18446744073709551615',
          at: '2026-03-02T09:00:00.123Z',
          tags: ['a', HOSTILE, '中文'],
          missing: null,
          n: -7,
          ratio: 0.25,
          yes: true,
        });
      },
      timeout,
    );

    it(
      'treats a hostile string as data: it comes back verbatim and the table survives',
      async () => {
        await store.command(`CREATE TABLE ${db}.t (id UInt32, name String) ENGINE = MergeTree ORDER BY id`);
        await store.insert(`${db}.t`, [
          { id: 1, name: HOSTILE },
          { id: 2, name: 'plain' },
        ]);

        const echoed = await store.query<{ s: string }>('SELECT {s:String} AS s', { s: HOSTILE });
        const matched = await store.query<{ id: number; name: string }>(
          `SELECT id, name FROM ${db}.t WHERE name = {name:String}`,
          { name: HOSTILE },
        );
        await store.command(`INSERT INTO ${db}.t SELECT {id:UInt32}, {name:String}`, {
          id: 3,
          name: HOSTILE,
        });

        expect(echoed).toEqual([{ s: HOSTILE }]);
        expect(matched).toEqual([{ id: 1, name: HOSTILE }]);
        const rows = await store.query<{ id: number; name: string }>(
          `SELECT id, name FROM ${db}.t ORDER BY id`,
        );
        expect(rows).toEqual([
          { id: 1, name: HOSTILE },
          { id: 2, name: 'plain' },
          { id: 3, name: HOSTILE },
        ]);
      },
      timeout,
    );

    it(
      'collapses ReplacingMergeTree rows to the highest version under FINAL, whatever the arrival order',
      async () => {
        await store.command(
          `CREATE TABLE ${db}.state (id String, version UInt32, value String)
           ENGINE = ReplacingMergeTree(version) ORDER BY id`,
        );
        const batch = [
          { id: 'a', version: 1, value: 'a1' },
          { id: 'b', version: 1, value: 'b1' },
        ];
        await store.insert(`${db}.state`, batch);
        await store.insert(`${db}.state`, [{ id: 'a', version: 3, value: 'a3' }]);
        await store.insert(`${db}.state`, [{ id: 'a', version: 2, value: 'a2 (late)' }]);
        await store.insert(`${db}.state`, batch);

        const rows = await store.query(`SELECT id, version, value FROM ${db}.state FINAL ORDER BY id`);
        expect(rows).toEqual([
          { id: 'a', version: 3, value: 'a3' },
          { id: 'b', version: 1, value: 'b1' },
        ]);
      },
      timeout,
    );

    it(
      'inserts 10,000 rows in one call, and no rows as a no-op',
      async () => {
        await store.command(`CREATE TABLE ${db}.many (n UInt32, label String) ENGINE = MergeTree ORDER BY n`);
        await store.insert(
          `${db}.many`,
          Array.from({ length: 10_000 }, (_, n) => ({ n, label: `row ${n}` })),
        );
        await store.insert(`${db}.many`, []);
        const [counted] = await store.query<{ rows: string; total: string }>(
          `SELECT count() AS rows, sum(n) AS total FROM ${db}.many`,
        );
        expect(counted).toEqual({ rows: '10000', total: String((9_999 * 10_000) / 2) });
      },
      timeout,
    );

    describe('errors surface as exceptions carrying the ClickHouse message', () => {
      it(
        'an unknown table',
        async () => {
          const error = await rejection(store.query(`SELECT * FROM ${db}.no_such_table`));
          expect(error).toBeInstanceOf(AnalyticsStoreError);
          expect(error).toMatchObject({ clickhouseCode: 60, code: 'ANALYTICS_STORE.QUERY_FAILED' });
          expect((error as Error).message).toMatch(/no_such_table/);
          expect((error as Error).message).toMatch(/UNKNOWN_TABLE/);
        },
        timeout,
      );

      it(
        'a syntax error in a command',
        async () => {
          const error = await rejection(store.command('CREATE TABLE ( oops'));
          expect(error).toBeInstanceOf(AnalyticsStoreError);
          expect(error).toMatchObject({ clickhouseCode: 62 });
          expect((error as Error).message).toMatch(/SYNTAX_ERROR/);
        },
        timeout,
      );

      it(
        'a parameter that does not parse as its type',
        async () => {
          const error = await rejection(store.query('SELECT {n:UInt8} AS n', { n: 'not a number' }));
          expect(error).toBeInstanceOf(AnalyticsStoreError);
          expect(error).toMatchObject({ clickhouseCode: 457 });
        },
        timeout,
      );

      it(
        'an inserted row with an unknown column or a value of the wrong type, which adds nothing',
        async () => {
          await store.command(
            `CREATE TABLE ${db}.strict (id UInt32, at DateTime64(3, 'UTC')) ENGINE = MergeTree ORDER BY id`,
          );
          const unknown = await rejection(
            store.insert(`${db}.strict`, [{ id: 1, at: '2026-03-02T09:00:00.000Z', surprise: 'x' }]),
          );
          const wrongType = await rejection(store.insert(`${db}.strict`, [{ id: 'one', at: 'yesterday' }]));

          expect(unknown).toBeInstanceOf(AnalyticsStoreError);
          expect((unknown as Error).message).toMatch(/surprise/);
          expect(wrongType).toBeInstanceOf(AnalyticsStoreError);
          expect((wrongType as AnalyticsStoreError).clickhouseCode).toEqual(expect.any(Number));
          expect(await store.query(`SELECT count() AS n FROM ${db}.strict`)).toEqual([{ n: '0' }]);
        },
        timeout,
      );

      it(
        'a table name that is not an identifier, refused before it reaches the engine',
        async () => {
          const error = await rejection(store.insert(`${db}.t; DROP TABLE ${db}.t`, [{ id: 1 }]));
          expect(error).toBeInstanceOf(InvalidIdentifierError);
        },
        timeout,
      );
    });
  });
}
