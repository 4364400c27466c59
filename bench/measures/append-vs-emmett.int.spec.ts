import { Pool } from 'pg';
import { benchDatabaseUrl } from '../support/postgres';
import { measureAppendVsEmmett } from './append-vs-emmett';

describe('append-vs-emmett at a tiny size', () => {
  it('measures both stores in both modes and drops the databases it made', async () => {
    const result = await measureAppendVsEmmett({
      single: 20,
      batched: 200,
      rounds: 1,
      databaseUrl: benchDatabaseUrl(),
    });

    expect(result.figures.map((figure) => figure.id)).toEqual([
      'append.postgres.single',
      'append.postgres.batched',
    ]);
    for (const figure of result.figures) {
      expect(figure.value).toBeGreaterThan(0);
      expect(figure.baseline?.value).toBeGreaterThan(0);
      expect(figure.ratio).toBeCloseTo(figure.value / figure.baseline!.value, 1);
      expect(figure.notes).toMatch(/Ours sends 1 statement per append/);
    }
    expect(result.figures[1].goal?.text).toBe('≥ 10k events/s and ≥ 1.5× Emmett');

    const admin = new Pool({ connectionString: benchDatabaseUrl(), max: 1 });
    try {
      const { rows } = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [
        `bench\\_%\\_${process.pid}`,
      ]);
      expect(rows).toEqual([]);
    } finally {
      await admin.end();
    }
  }, 60_000);
});
