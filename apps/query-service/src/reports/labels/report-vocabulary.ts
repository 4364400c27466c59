import { type ComplaintEventType, type Labels } from '@app/complaints';
import { type DrillDownMetric } from '@app/analytics/kpi/drill-down';
import type { FollowUpQuestion, OverdueAgeBucket } from '@app/analytics/kpi/shared';
import { type HeadlineKpiId } from '@app/analytics/kpi/executive';
import { type WeeklyPack } from '@app/analytics/kpi/weekly-pack';

/**
 * Report words the taxonomy does not carry (follow-up answers, escalation rungs, drill-down sets, event
 * types), in the sources' terms (DOMAIN.md). They live beside the report labels so that pages stay free of
 * domain words; the taxonomy's own labels are never repeated here.
 */
const labels = (zh: string, en: string): Labels => ({ 'zh-CN': zh, en });

export const UNCLASSIFIED_LABELS = labels('未分类', 'Unclassified');

export const BREAKDOWN_DIMENSION_LABELS: Record<keyof WeeklyPack['breakdowns'], Labels> = {
  channel: labels('渠道', 'Channel'),
  category: labels('类型', 'Category'),
  severity: labels('轻重程度', 'Severity'),
  responsibility: labels('责任', 'Responsibility'),
  orgUnit: labels('受理单位', 'Receiving org unit'),
};

export const OVERDUE_AGE_BUCKET_LABELS: Record<OverdueAgeBucket, Labels> = {
  '0-2': labels('0–2天', '0–2 days'),
  '3-7': labels('3–7天', '3–7 days'),
  '8-14': labels('8–14天', '8–14 days'),
  '15-30': labels('15–30天', '15–30 days'),
  '31+': labels('30天以上', 'Over 30 days'),
};

/** The rungs of the default escalation ladder (逐级上报), by the code the policy gives them. */
export const ESCALATION_LEVEL_LABELS: Record<string, Labels> = {
  clerk: labels('营业员/话务员', 'Clerk / agent'),
  'team-lead': labels('班组长/值班长', 'Team lead'),
  'branch-manager': labels('支局长', 'Branch manager'),
  'superior-department': labels('上级部门/投诉中心', 'Superior department / complaint centre'),
};

export const FOLLOW_UP_QUESTION_LABELS: Record<FollowUpQuestion, Labels> = {
  result: labels('对处理结果是否满意', 'Satisfied with the result'),
  timeliness: labels('处理是否及时', 'Handled in time'),
  attitude: labels('对服务态度是否满意', "Satisfied with the staff's attitude"),
  wouldReuse: labels('是否会再次使用', 'Would use the service again'),
};

const SATISFACTION_ANSWERS = {
  satisfied: labels('满意', 'Satisfied'),
  neutral: labels('一般', 'Neutral'),
  dissatisfied: labels('不满意', 'Dissatisfied'),
};

export const FOLLOW_UP_ANSWER_LABELS: Record<FollowUpQuestion, Record<string, Labels>> = {
  result: SATISFACTION_ANSWERS,
  timeliness: {
    timely: labels('及时', 'Timely'),
    neutral: labels('一般', 'Neutral'),
    late: labels('不及时', 'Late'),
  },
  attitude: SATISFACTION_ANSWERS,
  wouldReuse: { yes: labels('会', 'Yes'), unsure: labels('很难说', 'Unsure'), no: labels('不会', 'No') },
};

/** The lists the drill-down opens (`GET /reports/drill-down?metric=`), named as the pack's figures count them. */
export const DRILL_DOWN_METRIC_LABELS: Record<DrillDownMetric, Labels> = {
  volume: labels('投诉量', 'Complaint volume'),
  abnormal: labels('非正常投诉', 'Abnormal complaints'),
  'breakdowns.channel': labels('按渠道', 'By channel'),
  'breakdowns.category': labels('按类型', 'By category'),
  'breakdowns.severity': labels('按轻重程度', 'By severity'),
  'breakdowns.responsibility': labels('按责任', 'By responsibility'),
  'breakdowns.orgUnit': labels('按受理单位', 'By receiving org unit'),
  'timeliness.replies': labels('最终答复', 'Final replies'),
  'timeliness.onTime': labels('按时最终答复', 'Final replies on time'),
  'timeliness.late': labels('超时最终答复', 'Late final replies'),
  interimReplies: labels('阶段性答复', 'Interim replies'),
  overdueOpen: labels('超时未结投诉', 'Overdue open complaints'),
  escalation: labels('升级投诉', 'Escalated complaints'),
  closed: labels('结案投诉', 'Closed complaints'),
  firstContactResolution: labels('首问解决的结案投诉', 'Closed, resolved at first contact'),
  reopen: labels('结案后重开', 'Closed, then reopened'),
  repeatCustomer: labels('重复投诉客户的投诉', 'Complaints of repeat customers'),
  followUps: labels('回访', 'Follow-ups'),
  satisfaction: labels('回访答案', 'Follow-up answers'),
  rootCausePareto: labels('原因', 'Root causes'),
};

/** The corrective-action figures of the pack (整改措施) and the columns of a verified measure's effect. */
export const CORRECTIVE_ACTION_LABELS = {
  due: labels('本周到期', 'Due this week'),
  overdue: labels('逾期未完成', 'Overdue, not completed'),
  completed: labels('本周完成', 'Completed this week'),
  completedLate: labels('其中逾期完成', 'Of which late'),
  effects: labels('已验证措施的效果', 'Effect of verified measures'),
  actionId: labels('措施编号', 'Measure'),
  causeCodes: labels('原因', 'Causes'),
  orgUnits: labels('责任单位', 'Responsible units'),
  startedAt: labels('开始', 'Started'),
  completedAt: labels('完成', 'Completed'),
  verifiedAt: labels('验证', 'Verified'),
  effective: labels('验证结论有效', 'Judged effective'),
  before: labels('开始前4周周均', 'Weekly mean, 4 weeks before'),
  after: labels('完成后4周周均', 'Weekly mean, 4 weeks after'),
  change: labels('变化', 'Change'),
  // The measures since the last meeting, at the head of the pack.
  dueSinceMeeting: labels('上次会议以来到期', 'Due since the last meeting'),
  overdueSinceMeeting: labels('本周末逾期未完成', 'Overdue, not completed at the end of the week'),
  verifiedSinceMeeting: labels(
    '上次会议以来验证的措施及效果',
    'Verified since the last meeting, and their effect',
  ),
  owner: labels('负责人', 'Owner'),
  dueAt: labels('期限', 'Due'),
  status: labels('状态', 'Status'),
  'status-proposed': labels('已提出', 'Proposed'),
  'status-started': labels('进行中', 'Started'),
  'status-completed': labels('已完成', 'Completed'),
  'status-verified': labels('已验证', 'Verified'),
} as const satisfies Record<string, Labels>;

/**
 * Names of the executive report's headline KPIs that no definition gives: the follow-up count is defined
 * with the follow-up rate, whose name is the rate's.
 */
export const EXECUTIVE_KPI_LABELS: Partial<Record<HeadlineKpiId, Labels>> = {
  followUps: labels('回访数', 'Follow-ups'),
};

/** The corrective-action figures of the executive report (整改措施), at the end of its period. */
export const EXECUTIVE_CORRECTIVE_ACTION_LABELS = {
  byStatus: labels('期末状态', 'Status at the end of the period'),
  proposed: labels('已提出', 'Proposed'),
  started: labels('已开始', 'Started'),
  completed: labels('已完成', 'Completed'),
  verified: labels('已验证', 'Verified'),
  overdue: labels('期末逾期未完成', 'Overdue, not completed at the end'),
  completedInPeriod: labels('本期完成', 'Completed in the period'),
  completedLate: labels('其中逾期完成', 'Of which late'),
  verifiedEffective: labels('本期验证有效', 'Verified effective in the period'),
  verifiedNotEffective: labels('本期验证无效', 'Verified not effective in the period'),
} as const satisfies Record<string, Labels>;

export const EVENT_TYPE_LABELS: Record<ComplaintEventType, Labels> = {
  ComplaintRegistered: labels('受理登记', 'Registered'),
  ComplaintClassified: labels('分类', 'Classified'),
  ComplaintFlaggedAbnormal: labels('标记为非正常投诉', 'Flagged abnormal'),
  ComplaintAcknowledged: labels('受理确认', 'Acknowledged'),
  InterimReplySent: labels('阶段性答复', 'Interim reply sent'),
  CauseConsequenceDecided: labels('决定问责处理', 'Consequence decided'),
  ComplaintDispatched: labels('派单', 'Dispatched'),
  DispatchReturned: labels('回单', 'Dispatch returned'),
  ComplaintEscalated: labels('上报升级', 'Escalated'),
  SuperiorNotifiedOfEscalation: labels('越级上报后告知直接上级', 'Superior notified of escalation'),
  InvestigationFindingRecorded: labels('调查记录', 'Investigation finding recorded'),
  RootCausesAttributed: labels('原因认定', 'Root causes attributed'),
  ResolutionProposed: labels('提出解决方案', 'Resolution proposed'),
  ResolutionApproved: labels('方案审批通过', 'Resolution approved'),
  ResolutionRejected: labels('方案审批驳回', 'Resolution rejected'),
  ResolutionAcceptedByCustomer: labels('客户接受方案', 'Resolution accepted by the customer'),
  ResolutionRejectedByCustomer: labels('客户拒绝方案', 'Resolution rejected by the customer'),
  ResolutionImplemented: labels('方案实施', 'Resolution implemented'),
  FinalReplySent: labels('最终答复', 'Final reply sent'),
  FollowUpRecorded: labels('回访记录', 'Follow-up recorded'),
  ComplaintClosed: labels('结案', 'Closed'),
  ComplaintReopened: labels('重开', 'Reopened'),
  ComplaintWithdrawn: labels('客户撤诉', 'Withdrawn'),
  ComplaintMergedInto: labels('并入其他投诉', 'Merged into another complaint'),
  DuplicateComplaintMerged: labels('合并重复投诉', 'Duplicate merged'),
  CauseAppealFiled: labels('员工申诉', 'Cause appeal filed'),
  CauseAppealDecided: labels('申诉裁定', 'Cause appeal decided'),
};
