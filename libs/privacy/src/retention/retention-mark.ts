/**
 * Where a complaint stands for retention after these events: closed at an instant (retention counts
 * from there), open again, or undefined when none of them says. A merged duplicate is finished like a
 * closed complaint: it cannot be closed or reopened later.
 */
export type RetentionMark = { closedAt: string | null };

export const retentionMark = (
  events: readonly { type: string; data: Record<string, unknown> }[],
): RetentionMark | undefined => {
  for (let i = events.length - 1; i >= 0; i--) {
    const { type, data } = events[i]!;
    if (type === 'ComplaintClosed' && typeof data.closedAt === 'string') return { closedAt: data.closedAt };
    if (type === 'ComplaintMergedInto' && typeof data.mergedAt === 'string')
      return { closedAt: data.mergedAt };
    if (type === 'ComplaintReopened') return { closedAt: null };
  }
  return undefined;
};
