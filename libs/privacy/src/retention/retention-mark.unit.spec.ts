import { retentionMark } from './retention-mark';

const closed = (closedAt: string) => ({ type: 'ComplaintClosed', data: { closedAt } });
const reopened = { type: 'ComplaintReopened', data: { reopenedAt: '2026-03-10T00:00:00.000Z' } };
const classified = { type: 'ComplaintClassified', data: {} };

describe('where a complaint stands for retention', () => {
  it('says nothing when no event closes, merges or reopens', () => {
    expect(retentionMark([classified])).toBeUndefined();
    expect(retentionMark([])).toBeUndefined();
  });

  it('takes the last word: closed, open again, closed again', () => {
    expect(retentionMark([closed('2026-03-05T00:00:00.000Z')])).toStrictEqual({
      closedAt: '2026-03-05T00:00:00.000Z',
    });
    expect(retentionMark([closed('2026-03-05T00:00:00.000Z'), reopened, classified])).toStrictEqual({
      closedAt: null,
    });
    expect(
      retentionMark([closed('2026-03-05T00:00:00.000Z'), reopened, closed('2026-04-01T00:00:00.000Z')]),
    ).toStrictEqual({ closedAt: '2026-04-01T00:00:00.000Z' });
  });

  it('counts a merged duplicate from its merging, as it can never close', () => {
    expect(
      retentionMark([{ type: 'ComplaintMergedInto', data: { mergedAt: '2026-03-03T00:00:00.000Z' } }]),
    ).toStrictEqual({
      closedAt: '2026-03-03T00:00:00.000Z',
    });
  });
});
