import { type BusinessLineTaxonomy, Taxonomy } from '../taxonomy';
import { COMMON_CATEGORIES, COMMON_CAUSES, COMMON_CHANNELS, cause, entry } from './common';

const line = (
  businessLine: string,
  zh: string,
  en: string,
  extra: Partial<Pick<BusinessLineTaxonomy, 'channels' | 'categories' | 'causes'>>,
): BusinessLineTaxonomy => ({
  businessLine,
  labels: { 'zh-CN': zh, en },
  channels: [...COMMON_CHANNELS, ...(extra.channels ?? [])],
  categories: [...COMMON_CATEGORIES, ...(extra.categories ?? [])],
  causes: [...COMMON_CAUSES, ...(extra.causes ?? [])],
});

export const POSTAL = line('postal', '邮政', 'Postal', {
  channels: [entry('hotline-11185', '11185客服热线', 'Hotline 11185')],
  categories: [
    entry('item-lost', '邮件丢失', 'Item lost'),
    entry('item-damaged', '邮件损毁', 'Item damaged'),
    entry('item-delayed', '邮件延误', 'Item delayed'),
    entry('item-misdelivered', '邮件误投', 'Item misdelivered'),
    entry('enquiry-compensation', '查询和赔偿', 'Enquiry and compensation'),
  ],
  causes: [cause('sorting-error', 'service-capacity', '分拣差错', 'Sorting error')],
});

export const TELECOM = line('telecom', '电信', 'Telecom', {
  channels: [entry('hotline-10086', '10086客服热线', 'Hotline 10086')],
  categories: [
    entry('network', '网络类', 'Network'),
    entry('wrong-charge', '错误计费', 'Wrong charge'),
    entry('double-charge', '重复计费', 'Double charge'),
    entry('wrong-number', '号码错误', 'Wrong number'),
    entry('promotion-not-applied', '优惠未兑现', 'Promotion not applied'),
  ],
  causes: [cause('network-coverage', 'facilities', '网络覆盖不足', 'Network coverage')],
});

export const BANK = line('bank', '银行', 'Bank', {
  channels: [entry('hotline-95588', '95588客服热线', 'Hotline 95588')],
  categories: [
    entry('card-service', '银行卡业务', 'Card service'),
    entry('wealth-product', '理财产品', 'Wealth product'),
    entry('queueing', '排队等候', 'Queueing'),
  ],
  causes: [cause('mis-selling', 'staff', '销售误导', 'Mis-selling')],
});

export const HOTEL = line('hotel', '酒店', 'Hotel', {
  channels: [entry('front-desk', '前台', 'Front desk')],
  categories: [
    entry('room-cleanliness', '客房卫生', 'Room cleanliness'),
    entry('food-beverage', '餐饮', 'Food and beverage'),
    entry('noise', '噪音', 'Noise'),
    entry('reservation', '预订', 'Reservation'),
  ],
  causes: [cause('housekeeping-lapse', 'staff', '客房服务疏漏', 'Housekeeping lapse')],
});

export const TOBACCO = line('tobacco', '烟草', 'Tobacco', {
  channels: [entry('hotline-12313', '12313热线', 'Hotline 12313')],
  categories: [
    entry('supply-allocation', '货源分配', 'Supply allocation'),
    entry('order-delivery', '订单配送', 'Order delivery'),
    entry('product-quality', '卷烟质量', 'Product quality'),
  ],
  causes: [cause('allocation-rule', 'service-capacity', '分配规则不透明', 'Opaque allocation rule')],
});

export const PRESET_LINES: readonly BusinessLineTaxonomy[] = [POSTAL, TELECOM, BANK, HOTEL, TOBACCO];

export const defaultTaxonomy = (): Taxonomy => new Taxonomy(PRESET_LINES);
