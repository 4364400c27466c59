import { type HealthIndicatorResult, type HealthIndicatorService } from '@nestjs/terminus';

/** A health indicator that is up when `ping` resolves and down, with the reason, when it throws. */
export const probe = async (
  indicator: HealthIndicatorService,
  key: string,
  ping: () => Promise<void>,
): Promise<HealthIndicatorResult> => {
  const check = indicator.check(key);
  try {
    await ping();
    return check.up();
  } catch (error) {
    return check.down({ message: error instanceof Error ? error.message : String(error) });
  }
};
