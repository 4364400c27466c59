/**
 * Worklists: named questions a hotline agent, handler or supervisor asks at the start of a shift, each
 * a filter over the same complaint list (`GET /complaints?worklist=…`), so a worklist's count is the
 * length of its list. `now` and `dueBy` (now + the due-soon window) are bound per request; `mine` is
 * the caller's org units and job number.
 */
export const WORKLISTS = {
  dueSoon: {
    sort: 'deadline',
    en: 'Due soon: acknowledged, the reply deadline in force falls within the window (default 24 h)',
    zh: '即将到期：已受理且答复时限在时间窗内（默认 24 小时）',
    where: `status = 'acknowledged' AND reply_deadline >= {now:DateTime64(3, 'UTC')}
            AND reply_deadline < {dueBy:DateTime64(3, 'UTC')}`,
  },
  overdue: {
    sort: 'deadline',
    en: 'Overdue: acknowledged, no final reply, the reply deadline in force has passed',
    zh: '已超时：已受理未最终答复，答复时限已过',
    where: `status = 'acknowledged' AND reply_deadline < {now:DateTime64(3, 'UTC')}`,
  },
  awaitingMyApproval: {
    sort: 'registeredAt',
    en: 'Awaiting approval: a proposed resolution beyond the handler’s authority waits for a leader',
    zh: '待我审批：超出经办权限的解决方案等待领导审批',
    where: `resolution_status = 'awaiting-approval'`,
  },
  dispatchedToMyUnit: {
    sort: 'registeredAt',
    en: 'Dispatched to my unit: a dispatch not returned yet, held by one of my org units or by me',
    zh: '派往本单位：未回单的派单，由本单位或本人承办',
    where: `notEmpty(open_dispatch_ids)
            AND (NOT {scoped:Bool} OR hasAny(open_dispatch_assignees, {mine:Array(String)}))`,
  },
  appealsPending: {
    sort: 'registeredAt',
    en: 'Appeals pending: a staff member’s appeal against an attributed cause awaits a decision',
    zh: '申诉待决：员工对责任原因的申诉等待裁定',
    where: `appeal_pending = 1`,
  },
} as const;

export type WorklistName = keyof typeof WORKLISTS;
export const WORKLIST_NAMES = Object.keys(WORKLISTS) as WorklistName[];

/** The due-soon window, in hours: default and bounds. */
export const DUE_SOON_HOURS = { default: 24, min: 1, max: 24 * 30 } as const;

/** The statuses a complaint is no longer worked in. */
export const CLOSED_STATUSES = ['closed', 'withdrawn', 'merged'] as const;

/** Complaints still being worked: every worklist leaves out the closed, withdrawn and merged. */
export const STILL_OPEN = `status NOT IN (${CLOSED_STATUSES.map((status) => `'${status}'`).join(', ')})`;
