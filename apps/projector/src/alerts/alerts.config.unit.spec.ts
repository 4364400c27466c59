import { loadProjectorConfig } from '../config/projector.config';

const BASE = { CUSTOMER_KEY_SECRET: 's'.repeat(16) };
const SECRET = 'webhook-secret-that-must-never-be-printed-0123';

describe('alerts configuration', () => {
  it('evaluates alerts where the projector follows the store, with no topic and no webhook by default', () => {
    expect(loadProjectorConfig({ ...BASE, PROJECTOR_FEED: 'store' })).toMatchObject({
      ALERTS_ENABLED: true,
      ALERTS_TOPIC: '',
      ALERTS_WEBHOOKS: [],
      ALERTS_AT_RISK_HOURS: { default: 4 },
      ALERTS_MAX_AGE_HOURS: 48,
    });
    expect(loadProjectorConfig(BASE)).toMatchObject({
      ALERTS_ENABLED: false,
      ALERTS_TOPIC: 'complaints.alerts.v1',
    });
  });

  it('reads webhooks and per-line, per-severity thresholds from JSON', () => {
    const config = loadProjectorConfig({
      ...BASE,
      ALERTS_ENABLED: 'true',
      ALERTS_WEBHOOKS: JSON.stringify([{ id: 'ops', url: 'https://hooks.example/alerts', secret: SECRET }]),
      ALERTS_AT_RISK_HOURS: JSON.stringify({ default: 4, byLine: { postal: { critical: 12 } } }),
    });
    expect(config.ALERTS_WEBHOOKS).toEqual([
      { id: 'ops', url: 'https://hooks.example/alerts', secret: SECRET },
    ]);
    expect(config.ALERTS_AT_RISK_HOURS).toEqual({ default: 4, byLine: { postal: { critical: 12 } } });
  });

  it.each([
    ['not JSON', `{"id":"ops","secret":"${SECRET}"`, /ALERTS_WEBHOOKS: must be JSON/],
    [
      'a short secret',
      JSON.stringify([{ id: 'ops', url: 'https://h.example/', secret: `${SECRET.slice(0, 20)}` }]),
      /ALERTS_WEBHOOKS: 0\.secret: must be at least 32 characters long/,
    ],
    [
      'a URL that is not http(s)',
      JSON.stringify([{ id: 'ops', url: 'ftp://h.example/', secret: SECRET }]),
      /ALERTS_WEBHOOKS: 0\.url/,
    ],
  ])('refuses %s, naming the field and never the secret', (_what, value, message) => {
    let error: unknown;
    try {
      loadProjectorConfig({ ...BASE, ALERTS_WEBHOOKS: value });
    } catch (caught) {
      error = caught;
    }
    expect(String(error)).toMatch(message);
    expect(String(error)).not.toContain(SECRET.slice(0, 20));
  });
});
