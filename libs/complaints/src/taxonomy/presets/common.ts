import { type CauseEntry, type TaxonomyEntry } from '../taxonomy';

const entry = (code: string, zh: string, en: string): TaxonomyEntry => ({
  code,
  labels: { 'zh-CN': zh, en },
});

/** Channels every line shares (DOMAIN.md, "Channel"); hotlines are added per line. */
export const COMMON_CHANNELS: TaxonomyEntry[] = [
  entry('counter', '现场/柜台', 'On-site / counter'),
  entry('letter', '信函', 'Letter'),
  entry('web', '电子邮件/网站', 'E-mail / web'),
  entry('provincial-centre', '省投诉中心', 'Provincial complaint centre'),
  entry('national-centre', '全国投诉中心', 'National complaint centre'),
  entry('consumer-association', '消费者协会(12315)', 'Consumer association (12315)'),
  entry('regulator', '监管部门', 'Regulator'),
];

export const COMMON_CATEGORIES: TaxonomyEntry[] = [
  entry('service-attitude', '服务态度', 'Service attitude'),
  entry('service-quality', '服务质量', 'Service quality'),
  entry('billing', '业务/计费', 'Business / billing'),
  entry('billing-rules', '计费规则', 'Billing rules'),
  entry('website-information', '网站信息', 'Website information'),
];

const cause = (code: string, family: CauseEntry['family'], zh: string, en: string): CauseEntry => ({
  code,
  family,
  labels: { 'zh-CN': zh, en },
});

/** The four cause families of DOMAIN.md with the causes the sources name for every line. */
export const COMMON_CAUSES: CauseEntry[] = [
  cause('rising-expectations', 'service-capacity', '客户期望提高', 'Rising customer expectations'),
  cause('after-sales-gap', 'service-capacity', '售后服务不足', 'Gap in after-sales service'),
  cause('offering-short', 'service-capacity', '服务供给不足', 'Offering falls short of needs'),
  cause('staff-attitude', 'staff', '服务态度差', 'Staff attitude'),
  cause('staff-skills', 'staff', '业务技能不足', 'Staff skills'),
  cause('unfair-treatment', 'staff', '待客不公', 'Unfair treatment'),
  cause('rule-violation', 'staff', '违章办事', 'Breaking the rules'),
  cause('environment', 'facilities', '营业环境', 'Environment'),
  cause('on-site-management', 'facilities', '现场管理', 'On-site management'),
  cause('supplies', 'facilities', '用品用具', 'Supplies'),
  cause('system-outage', 'facilities', '系统故障/操作', 'System outage / operation'),
  cause('customer-misunderstanding', 'customer', '客户误解', 'Customer misunderstanding'),
  cause('partial-knowledge', 'customer', '对规定了解片面', 'Partial knowledge of the rules'),
  cause('unreasonable-demand', 'customer', '要求不合理', 'Unreasonable demand'),
];

export { entry, cause };
