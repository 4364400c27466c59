import { type WeeklyPack } from '../weekly-pack';
import { KPI_DEFINITIONS, type KpiId } from './kpi-definitions';

/** Every KPI of the pack, by the id its definition carries (volume also carries the abnormal count). */
const PACK_KPIS: Record<Exclude<keyof WeeklyPack, 'week' | 'filters'>, KpiId[]> = {
  volume: ['volume', 'abnormal'],
  breakdowns: ['breakdowns'],
  timeliness: ['timeliness', 'interimReplies'],
  overdueOpen: ['overdueOpen'],
  escalation: ['escalation'],
  firstContactResolution: ['firstContactResolution'],
  reopen: ['reopen'],
  repeatCustomer: ['repeatCustomer'],
  satisfaction: ['satisfaction'],
  followUpRate: ['followUpRate'],
  rootCausePareto: ['rootCausePareto'],
  correctiveActions: ['correctiveActions'],
  sinceLastMeeting: ['sinceLastMeeting'],
};

describe('KPI definitions', () => {
  it('define every KPI of the pack, and nothing else', () => {
    expect(Object.values(PACK_KPIS).flat().sort()).toEqual(Object.keys(KPI_DEFINITIONS).sort());
  });

  it.each(Object.entries(KPI_DEFINITIONS))(
    '%s has its own id and zh-CN and en labels and formulas',
    (id, kpi) => {
      expect(kpi.id).toBe(id);
      for (const text of [kpi.label['zh-CN'], kpi.label.en, kpi.formula['zh-CN'], kpi.formula.en])
        expect(text.trim().length).toBeGreaterThan(0);
    },
  );
});
