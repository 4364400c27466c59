import {
  type ComplaintEvent,
  type FollowUpMethod,
  type InvestigationSource,
  type Labels,
  type ResolutionOptionKind,
} from '@app/complaints';
import { type ComplaintStatus } from '@app/analytics/complaint-list/complaint-list.sql';
import { type WorklistName, WORKLISTS, WORKLIST_NAMES } from '@app/analytics/complaint-list/worklists';
import { type Role } from '@app/platform';

/**
 * The one vocabulary of a complaint's pages (its header, its timeline, every complaint table): each field
 * a page names and each value it shows, in zh-CN and en, so no page shows a raw key (`receivedAt`) or a
 * code (`deferred`). Field names are typed from the events themselves: a field added to an event does not
 * compile until it is named here.
 */
const labels = (zh: string, en: string): Labels => ({ 'zh-CN': zh, en });

type DataKey<E> = E extends { data: infer D } ? keyof D & string : never;
/** Keys inside an event's objects: staff, upstream source, referral, resolution options, causes. */
type NestedKey = [
  'jobNumber',
  'orgUnit',
  'system',
  'externalId',
  'referredBy',
  'referenceNumber',
  'kind',
  'amount',
  'family',
  'causeCode',
  'responsibleUnit',
][number];
/** Columns of the complaint tables that are no event field. */
type ListKey = [
  'registeredAt',
  'status',
  'handler',
  'assignees',
  'sourceSystem',
  'sourceExternalId',
  'resolutionStatus',
  'escalationLevel',
  'replyMode',
  'updatedAt',
  'deadlineMet',
][number];

export type ComplaintFieldName = DataKey<ComplaintEvent> | NestedKey | ListKey;

export const COMPLAINT_FIELD_LABELS: Record<ComplaintFieldName, Labels> = {
  complaintId: labels('投诉编号', 'Complaint id'),
  acceptanceNumber: labels('受理编号', 'Acceptance number'),
  businessLine: labels('业务线', 'Business line'),
  channel: labels('渠道', 'Channel'),
  receivedAt: labels('受理时间', 'Received at'),
  customer: labels('客户', 'Customer'),
  description: labels('投诉内容', 'What happened'),
  demand: labels('客户诉求', 'What the customer asks for'),
  receivedBy: labels('受理人', 'Received by'),
  source: labels('来源系统', 'Upstream source'),
  referral: labels('转办来源', 'Referral'),
  tags: labels('标签', 'Tags'),
  category: labels('类型', 'Category'),
  severity: labels('轻重程度', 'Severity'),
  responsibility: labels('责任', 'Responsibility'),
  form: labels('表现形式', 'Form'),
  incidentId: labels('突发事件编号', 'Sudden incident'),
  classifiedAt: labels('分类时间', 'Classified at'),
  reason: labels('原因说明', 'Reason'),
  flaggedAt: labels('标记时间', 'Flagged at'),
  mode: labels('答复方式', 'Reply mode'),
  replyDeadline: labels('答复时限', 'Reply deadline'),
  contactMethod: labels('联系方式', 'Contact method'),
  acknowledgedAt: labels('受理确认时间', 'Acknowledged at'),
  statusTold: labels('告知客户的进展', 'Status told to the customer'),
  previousDeadline: labels('原答复时限', 'Previous deadline'),
  nextDeadline: labels('新答复时限', 'Next deadline'),
  sentAt: labels('发送时间', 'Sent at'),
  dispatchId: labels('派单编号', 'Dispatch'),
  assigneeKind: labels('承办方类型', 'Assignee kind'),
  assignee: labels('承办方', 'Assignee'),
  instructions: labels('派单要求', 'Instructions'),
  dueAt: labels('回单时限', 'Due at'),
  dispatchedAt: labels('派单时间', 'Dispatched at'),
  result: labels('回单结果', 'Result'),
  returnedAt: labels('回单时间', 'Returned at'),
  overdue: labels('是否超时', 'Overdue'),
  fromLevel: labels('原层级', 'From level'),
  toLevel: labels('升至层级', 'To level'),
  toLevelName: labels('升至层级名称', 'To level (name)'),
  urgent: labels('紧急', 'Urgent'),
  skippedLevels: labels('越过的层级', 'Levels skipped'),
  escalatedAt: labels('上报时间', 'Escalated at'),
  level: labels('层级', 'Level'),
  notifiedAt: labels('告知时间', 'Notified at'),
  sources: labels('信息来源', 'Sources'),
  when: labels('何时', 'When'),
  where: labels('何地', 'Where'),
  who: labels('何人', 'Who'),
  what: labels('何事', 'What'),
  customerWants: labels('客户要求', 'What the customer wants'),
  recordedAt: labels('记录时间', 'Recorded at'),
  causes: labels('原因', 'Causes'),
  attributedAt: labels('认定时间', 'Attributed at'),
  proposalId: labels('方案编号', 'Proposal'),
  options: labels('方案内容', 'Options'),
  totalAmount: labels('金额合计', 'Total amount'),
  requiresApproval: labels('需要审批', 'Requires approval'),
  approvalThreshold: labels('审批限额', 'Approval threshold'),
  proposedBy: labels('提出人', 'Proposed by'),
  proposedAt: labels('提出时间', 'Proposed at'),
  approvedBy: labels('审批人', 'Approved by'),
  note: labels('备注', 'Note'),
  approvedAt: labels('审批时间', 'Approved at'),
  rejectedBy: labels('驳回人', 'Rejected by'),
  rejectedAt: labels('驳回时间', 'Rejected at'),
  agreementSigned: labels('已签处理协议', 'Agreement signed'),
  acceptedAt: labels('接受时间', 'Accepted at'),
  implementedBy: labels('实施人', 'Implemented by'),
  implementedAt: labels('实施时间', 'Implemented at'),
  summary: labels('答复摘要', 'Summary'),
  deadlineInForce: labels('有效答复时限', 'Deadline in force'),
  onTime: labels('是否按时', 'On time'),
  repliedAt: labels('答复时间', 'Replied at'),
  method: labels('回访方式', 'Method'),
  answers: labels('回访答案', 'Answers'),
  comment: labels('客户意见', 'Comment'),
  outcome: labels('结果', 'Outcome'),
  closedAt: labels('结案时间', 'Closed at'),
  reopenCount: labels('重开次数', 'Times reopened'),
  reopenedAt: labels('重开时间', 'Reopened at'),
  withdrawnAt: labels('撤诉时间', 'Withdrawn at'),
  intoComplaintId: labels('并入投诉', 'Merged into'),
  mergedAt: labels('合并时间', 'Merged at'),
  duplicateComplaintId: labels('重复投诉', 'Duplicate complaint'),
  duplicateChannel: labels('重复投诉渠道', 'Channel of the duplicate'),
  causeId: labels('原因编号', 'Cause'),
  staffJobNumber: labels('员工工号', 'Staff job number'),
  filedAt: labels('申诉时间', 'Filed at'),
  decidedBy: labels('裁定人', 'Decided by'),
  decidedAt: labels('裁定时间', 'Decided at'),
  consequenceAfter: labels('申诉后的问责结果', 'Consequence after the appeal'),
  points: labels('扣分', 'Points deducted'),
  jobNumber: labels('工号', 'Job number'),
  orgUnit: labels('受理单位', 'Org unit'),
  system: labels('系统', 'System'),
  externalId: labels('系统内编号', 'Id in that system'),
  referredBy: labels('转办单位', 'Referred by'),
  referenceNumber: labels('转办编号', 'Reference number'),
  kind: labels('方式', 'Kind'),
  amount: labels('金额', 'Amount'),
  family: labels('原因类别', 'Cause family'),
  causeCode: labels('原因', 'Cause'),
  responsibleUnit: labels('责任单位', 'Responsible unit'),
  registeredAt: labels('登记时间', 'Registered'),
  status: labels('状态', 'Status'),
  handler: labels('经办人', 'Handler'),
  assignees: labels('承办中', 'Held by'),
  sourceSystem: labels('来源系统', 'Upstream system'),
  sourceExternalId: labels('来源编号', 'Upstream id'),
  resolutionStatus: labels('方案状态', 'Resolution'),
  escalationLevel: labels('上报层级', 'Escalation level'),
  replyMode: labels('答复方式', 'Reply mode'),
  updatedAt: labels('更新时间', 'Updated'),
  deadlineMet: labels('是否按时', 'Deadline met'),
};

type ResolutionStatus =
  | 'awaiting-approval'
  | 'offered'
  | 'rejected-by-approver'
  | 'accepted'
  | 'rejected-by-customer'
  | 'implemented';

/** Whether a reply deadline is met, as a complaint table says it (`onTime` of the CSV). */
export type OnTime = 'met' | 'late' | 'overdue' | 'pending';

/** Every coded value a complaint page shows, by what it is a value of. */
export const COMPLAINT_VALUE_LABELS = {
  status: {
    registered: labels('已登记', 'Registered'),
    acknowledged: labels('处理中', 'In progress'),
    replied: labels('已答复', 'Replied'),
    closed: labels('已结案', 'Closed'),
    withdrawn: labels('已撤诉', 'Withdrawn'),
    merged: labels('已合并', 'Merged'),
  } satisfies Record<ComplaintStatus, Labels>,
  mode: {
    immediate: labels('即时答复', 'Immediate reply'),
    deferred: labels('限时答复', 'Deferred reply'),
  },
  contactMethod: {
    phone: labels('电话', 'Phone'),
    sms: labels('短信', 'SMS'),
    email: labels('电子邮件', 'E-mail'),
    letter: labels('信函', 'Letter'),
    'in-person': labels('当面', 'In person'),
  },
  assigneeKind: { handler: labels('经办人', 'Handler'), department: labels('部门', 'Department') },
  resolutionStatus: {
    'awaiting-approval': labels('待审批', 'Awaiting approval'),
    offered: labels('已提供客户', 'Offered'),
    'rejected-by-approver': labels('审批驳回', 'Rejected by the approver'),
    accepted: labels('客户接受', 'Accepted'),
    'rejected-by-customer': labels('客户拒绝', 'Rejected by the customer'),
    implemented: labels('已实施', 'Implemented'),
  } satisfies Record<ResolutionStatus, Labels>,
  optionKind: {
    apology: labels('道歉', 'Apology'),
    explanation: labels('解释', 'Explanation'),
    correction: labels('纠正', 'Correction'),
    refund: labels('退款', 'Refund'),
    compensation: labels('赔偿', 'Compensation'),
    replacement: labels('更换', 'Replacement'),
    'goodwill-gift': labels('补偿性关照', 'Goodwill gift'),
    discount: labels('折扣', 'Discount'),
  } satisfies Record<ResolutionOptionKind, Labels>,
  method: {
    phone: labels('电话', 'Phone'),
    letter: labels('信函', 'Letter'),
    fax: labels('传真', 'Fax'),
    email: labels('电子邮件', 'E-mail'),
    'in-person': labels('上门', 'In person'),
  } satisfies Record<FollowUpMethod, Labels>,
  sources: {
    customer: labels('客户', 'Customer'),
    staff: labels('当事员工', 'Staff'),
    witness: labels('证人', 'Witness'),
    records: labels('记录', 'Records'),
    cctv: labels('监控录像', 'CCTV'),
  } satisfies Record<InvestigationSource, Labels>,
  outcome: {
    resolved: labels('已解决', 'Resolved'),
    withdrawn: labels('撤诉', 'Withdrawn'),
    upheld: labels('申诉成立', 'Upheld'),
    rejected: labels('申诉驳回', 'Rejected'),
  },
  onTime: {
    met: labels('按时', 'Met'),
    late: labels('超时答复', 'Late'),
    overdue: labels('已超时', 'Overdue'),
    pending: labels('未到期', 'Pending'),
  } satisfies Record<OnTime, Labels>,
  role: {
    agent: labels('话务员/营业员', 'Agent'),
    supervisor: labels('主管', 'Supervisor'),
    analyst: labels('质量分析员', 'Analyst'),
    executive: labels('管理层', 'Executive'),
    system: labels('上游系统', 'Upstream system'),
    admin: labels('管理员', 'Administrator'),
  } satisfies Record<Role, Labels>,
} as const;

export type ComplaintValueGroup = keyof typeof COMPLAINT_VALUE_LABELS;

/** The worklists, named and described as the API documents them. */
export const WORKLIST_LABELS: Record<WorklistName, { labels: Labels; description: Labels }> =
  Object.fromEntries(
    WORKLIST_NAMES.map((name) => [
      name,
      {
        labels: {
          dueSoon: labels('即将到期', 'Due soon'),
          overdue: labels('已超时', 'Overdue'),
          awaitingMyApproval: labels('待我审批', 'Awaiting my approval'),
          dispatchedToMyUnit: labels('派往本单位', 'Dispatched to my unit'),
          appealsPending: labels('申诉待决', 'Appeals pending'),
        }[name],
        description: labels(WORKLISTS[name].zh, WORKLISTS[name].en),
      },
    ]),
  ) as Record<WorklistName, { labels: Labels; description: Labels }>;
