import { COMPLAINT_EVENT_TYPES, DEFAULT_POLICY, PRESET_LINES } from '@app/complaints';
import { DRILL_DOWN_METRIC_NAMES } from '@app/analytics/kpi/drill-down';
import { FOLLOW_UP_ANSWER_VALUES, KPI_DEFINITIONS, OVERDUE_AGE_BUCKETS } from '@app/analytics/kpi/shared';
import { HEADLINE_KPI_IDS, REPORT_DEFINITIONS } from '@app/analytics/kpi/executive';
import { TREND_DEFINITIONS, TREND_DIMENSIONS } from '@app/analytics/kpi/trends';
import { EXECUTIVE_DEFINITIONS } from '../executive/executive-definitions';
import { reportLabels } from './report-labels';

describe('report labels', () => {
  const labels = reportLabels();

  it('labels every channel, category and cause of every preset business line', () => {
    for (const line of PRESET_LINES) {
      expect(labels.businessLines[line.businessLine]).toEqual(line.labels);
      for (const channel of line.channels) expect(labels.channels[channel.code]).toEqual(channel.labels);
      for (const category of line.categories)
        expect(labels.categories[category.code]).toEqual(category.labels);
      for (const cause of line.causes)
        expect(labels.causes[cause.code]).toEqual({ family: cause.family, labels: cause.labels });
    }
    expect(labels.channels.counter).toEqual({ 'zh-CN': '现场/柜台', en: 'On-site / counter' });
  });

  it('labels every follow-up answer the pack can count, every age bucket and every event type', () => {
    for (const [question, answers] of Object.entries(FOLLOW_UP_ANSWER_VALUES))
      for (const answer of answers)
        expect(
          labels.followUpAnswers[question as keyof typeof FOLLOW_UP_ANSWER_VALUES][answer],
        ).toBeDefined();
    expect(Object.keys(labels.overdueAgeBuckets)).toEqual([...OVERDUE_AGE_BUCKETS]);
    expect(Object.keys(labels.eventTypes).sort()).toEqual([...COMPLAINT_EVENT_TYPES].sort());
  });

  it('numbers the escalation ladder as the pack does, lowest first', () => {
    expect(labels.escalationLevels.map(({ level, code }) => [level, code])).toEqual(
      DEFAULT_POLICY.escalationLevels.map((code, level) => [level, code]),
    );
    expect(labels.escalationLevels[2].labels.en).toBe('Branch manager');
  });

  it('shows an unknown rung by its code rather than inventing a label', () => {
    expect(reportLabels(PRESET_LINES, { escalationLevels: ['desk'] }).escalationLevels).toEqual([
      { level: 0, code: 'desk', labels: { 'zh-CN': 'desk', en: 'desk' } },
    ]);
  });

  it('names every list the drill-down opens and every trend dimension as its definition does', () => {
    expect(Object.keys(labels.drillDownMetrics).sort()).toEqual([...DRILL_DOWN_METRIC_NAMES].sort());
    for (const dimension of TREND_DIMENSIONS)
      expect(labels.trendDimensions[dimension]).toEqual(TREND_DEFINITIONS[dimension].label);
  });

  it('carries the KPI definitions with their formulas in both languages', () => {
    expect(labels.kpis).toEqual(Object.values(KPI_DEFINITIONS));
    for (const kpi of labels.kpis) {
      expect(kpi.formula['zh-CN']).not.toBe('');
      expect(kpi.formula.en).not.toBe('');
    }
  });

  it('names each executive headline KPI and points it at a definition the executive report sends', () => {
    expect(labels.executiveKpis.map(({ id }) => id)).toEqual(HEADLINE_KPI_IDS);
    const sent = new Set<string>(EXECUTIVE_DEFINITIONS.map(({ id }) => id));
    for (const kpi of labels.executiveKpis) {
      expect(sent.has(kpi.definition)).toBe(true);
      expect(kpi.label['zh-CN']).not.toBe('');
      expect(kpi.label.en).not.toBe('');
    }
    const byId = Object.fromEntries(labels.executiveKpis.map((kpi) => [kpi.id, kpi]));
    expect(byId.satisfied).toMatchObject({
      unit: 'rate',
      definition: 'executive.satisfied',
      label: REPORT_DEFINITIONS['executive.satisfied'].label,
    });
    expect(byId.volume).toMatchObject({
      unit: 'count',
      definition: 'volume',
      label: KPI_DEFINITIONS.volume.label,
    });
    expect(byId.followUps).toMatchObject({ unit: 'count', definition: 'followUpRate' });
    expect(byId.followUps.label.en).toBe('Follow-ups');
  });
});
