import { loadQueryServiceConfig } from '../config/query-service.config';
import { contentSecurityPolicy, dashboardConfig } from './dashboard-config';

const settings = { COMMAND_SERVICE_URL: '', REPORTING_TIME_ZONE: 'Asia/Shanghai' };

describe('dashboard settings', () => {
  it('defaults to the last complete ISO week in the reporting zone, and the 12 weeks before this one', () => {
    // Monday 2 March 2026, 01:00 in Shanghai (still Sunday in UTC): W10 has begun, W09 is complete.
    expect(dashboardConfig(settings, new Date('2026-03-01T17:00:00.000Z'))).toEqual({
      commandServiceUrl: '',
      timeZone: 'Asia/Shanghai',
      defaultWeek: '2026-W09',
      defaultTrends: { from: '2025-12-08', to: '2026-03-01' },
      // 1 March has begun in Shanghai: February is the last complete month.
      defaultPeriod: '2026-02',
    });
    // Sunday 1 March 2026, 23:00 in Shanghai: W09 is not over yet.
    expect(dashboardConfig(settings, new Date('2026-03-01T15:00:00.000Z')).defaultWeek).toBe('2026-W08');
    // 1 January 2026, 00:30 in Shanghai (still 2025 in UTC): the last complete month is December 2025.
    expect(dashboardConfig(settings, new Date('2025-12-31T16:30:00.000Z')).defaultPeriod).toBe('2025-12');
    expect(dashboardConfig(settings, new Date('2025-12-31T15:30:00.000Z')).defaultPeriod).toBe('2025-11');
  });

  it('lets the pages fetch from the command service origin only when one is configured', () => {
    expect(contentSecurityPolicy('')).toContain("connect-src 'self';");
    expect(contentSecurityPolicy('https://commands.example:8443/api')).toContain(
      "connect-src 'self' https://commands.example:8443;",
    );
    expect(contentSecurityPolicy('')).toContain("script-src 'self';");
  });

  it('reads COMMAND_SERVICE_URL without its trailing slash, empty by default, http(s) only', () => {
    expect(loadQueryServiceConfig({}).COMMAND_SERVICE_URL).toBe('');
    expect(
      loadQueryServiceConfig({ COMMAND_SERVICE_URL: 'http://127.0.0.1:3000/' }).COMMAND_SERVICE_URL,
    ).toBe('http://127.0.0.1:3000');
    expect(() => loadQueryServiceConfig({ COMMAND_SERVICE_URL: 'ftp://files.example' })).toThrow(
      /COMMAND_SERVICE_URL/,
    );
  });
});
