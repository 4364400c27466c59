import { latestPerKey } from './postgres-loader';

describe('latestPerKey: what FINAL keeps of a ReplacingMergeTree(version)', () => {
  const key = ['complaint_id', 'cause_id'];

  it('keeps the highest version of each key', () => {
    const rows = [
      { complaint_id: 'c1', cause_id: 'C1', version: 3, active: 1 },
      { complaint_id: 'c1', cause_id: 'C1', version: 5, active: 0 },
      { complaint_id: 'c1', cause_id: 'C1', version: 4, active: 1 },
      { complaint_id: 'c1', cause_id: 'C2', version: 4, active: 1 },
    ];
    expect(latestPerKey(rows, key)).toEqual([
      { complaint_id: 'c1', cause_id: 'C1', version: 5, active: 0 },
      { complaint_id: 'c1', cause_id: 'C2', version: 4, active: 1 },
    ]);
  });

  it('keeps the later of two rows with the same version, as the later insert wins', () => {
    const rows = [
      { complaint_id: 'c1', cause_id: 'C1', version: 2, active: 1 },
      { complaint_id: 'c1', cause_id: 'C1', version: 2, active: 0 },
    ];
    expect(latestPerKey(rows, key)).toEqual([{ complaint_id: 'c1', cause_id: 'C1', version: 2, active: 0 }]);
  });

  it('tells keys apart by every column of the key', () => {
    const rows = [
      { complaint_id: 'c1', cause_id: 'C12', version: 1 },
      { complaint_id: 'c11', cause_id: 'C2', version: 1 },
    ];
    expect(latestPerKey(rows, key)).toHaveLength(2);
  });
});
