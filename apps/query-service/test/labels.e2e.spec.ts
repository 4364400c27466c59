import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ANALYST } from '@app/platform/auth/test-support';
import { type QueryServiceUnderTest, startQueryService } from './query-service.harness';

/** A deployment with a taxonomy of its own: its categories are labelled in the reports, not shown as codes. */
const CONSUMER_FINANCE = {
  businessLine: 'consumer-finance',
  labels: { 'zh-CN': '消费金融', en: 'Consumer finance' },
  channels: [{ code: 'regulator-portal', labels: { 'zh-CN': '监管门户', en: 'Regulator portal' } }],
  categories: [
    { code: 'billing-dispute', labels: { 'zh-CN': '账单争议', en: 'Billing dispute' } },
    { code: 'debt-collection', labels: { 'zh-CN': '催收', en: 'Debt collection' } },
  ],
  causes: [
    {
      code: 'fee-disclosure',
      family: 'service-capacity',
      labels: { 'zh-CN': '费用披露', en: 'Fee disclosure' },
    },
  ],
};

describe('report labels from the deployment’s TAXONOMY_FILE and POLICY_FILE', () => {
  const dir = mkdtempSync(join(tmpdir(), 'labels-'));
  let service: QueryServiceUnderTest;

  beforeAll(async () => {
    writeFileSync(join(dir, 'taxonomy.json'), JSON.stringify([CONSUMER_FINANCE]));
    writeFileSync(join(dir, 'policy.json'), JSON.stringify({ escalationLevels: ['clerk', 'ombudsman'] }));
    service = await startQueryService('labelsfile', [], {
      TAXONOMY_FILE: join(dir, 'taxonomy.json'),
      POLICY_FILE: join(dir, 'policy.json'),
    });
  });

  afterAll(async () => {
    await service?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('labels the custom line, channels, categories, causes and escalation rungs, and only them', async () => {
    const response = await service.as(ANALYST).get('/reports/labels');
    expect(response.status).toBe(200);
    expect(response.body.businessLines).toEqual({ 'consumer-finance': CONSUMER_FINANCE.labels });
    expect(response.body.categories).toEqual({
      'billing-dispute': { 'zh-CN': '账单争议', en: 'Billing dispute' },
      'debt-collection': { 'zh-CN': '催收', en: 'Debt collection' },
    });
    expect(response.body.channels['regulator-portal']).toEqual({
      'zh-CN': '监管门户',
      en: 'Regulator portal',
    });
    expect(response.body.causes['fee-disclosure']).toEqual({
      family: 'service-capacity',
      labels: { 'zh-CN': '费用披露', en: 'Fee disclosure' },
    });
    expect(response.body.escalationLevels.map((level: { code: string }) => level.code)).toEqual([
      'clerk',
      'ombudsman',
    ]);
  });

  it('offers trends by category, labelled as the definitions say', async () => {
    const labels = await service.as(ANALYST).get('/reports/labels');
    expect(labels.body.trendDimensions.category).toEqual({ 'zh-CN': '投诉类型', en: 'Category' });
    const trends = await service
      .as(ANALYST)
      .get('/reports/trends?dimension=category&granularity=week&from=2026-03-02&to=2026-03-15');
    expect(trends.status).toBe(200);
    expect(trends.body.trends).toMatchObject({ dimension: 'category', series: [] });
  });
});
