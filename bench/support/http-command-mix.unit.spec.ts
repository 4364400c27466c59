import { CommandMix, type MixCommand, agentJobNumber } from './http-command-mix';

const registered = (mix: CommandMix, command: MixCommand, complaintId: string) =>
  mix.settle(command, 201, JSON.stringify({ complaintId, version: 0 }));

describe('CommandMix', () => {
  it('falls back to a registration while no complaint waits for a follow-on', () => {
    const mix = new CommandMix('t');
    expect([mix.next().kind, mix.next().kind]).toEqual(['register', 'register']);
    expect(mix.sent).toEqual({ register: 2, classify: 0, acknowledge: 0, fallbacks: 1 });
  });

  it('classifies a registered complaint, then acknowledges it, then lets it go', () => {
    const mix = new CommandMix('t');
    const registration = mix.next();
    registered(mix, registration, 'c-1');

    const classify = mix.next();
    expect(classify).toMatchObject({ kind: 'classify', path: '/complaints/c-1/classify' });
    expect(mix.waiting).toBe(0);
    mix.settle(classify, 200, '{}');

    expect(mix.next().kind).toBe('register');
    const acknowledge = mix.next();
    expect(acknowledge).toMatchObject({
      kind: 'acknowledge',
      path: '/complaints/c-1/acknowledge',
      body: { mode: 'deferred', contactMethod: 'phone' },
    });
    mix.settle(acknowledge, 200, '{}');
    expect(mix.waiting).toBe(0);
    expect(mix.answered).toEqual({ register: 1, classify: 1, acknowledge: 1, fallbacks: 0 });
  });

  it('classifies with a category of the complaint’s own business line', () => {
    const mix = new CommandMix('t');
    const registrations = Array.from({ length: 8 }, () => mix.next());
    registrations.forEach((command, i) => registered(mix, command, `c-${i}`));
    for (const [i, registration] of registrations.entries()) {
      expect(mix.next().kind).toBe('register');
      const classify = mix.next();
      expect(classify.complaint!.complaintId).toBe(`c-${i}`);
      expect(classify.complaint!.line.businessLine).toBe(registration.body.businessLine);
      expect(classify.complaint!.line.categories.map((c) => c.code)).toContain(classify.body.category);
    }
  });

  it('makes every registration body unique and sends it with its agent’s token', () => {
    const tokens = Object.fromEntries(
      Array.from({ length: 200 }, (_, i) => [agentJobNumber(i), `token-${i}`]),
    );
    const mix = new CommandMix('run1', tokens);
    const bodies = Array.from({ length: 50 }, () => mix.next()).map((command) => {
      const jobNumber = (command.body.receivedBy as { jobNumber: string }).jobNumber;
      expect(command.headers.authorization).toBe(`Bearer ${tokens[jobNumber]}`);
      return JSON.stringify(command.body);
    });
    expect(new Set(bodies).size).toBe(50);
  });

  it('keeps a few failures and does not follow up a refused command', () => {
    const mix = new CommandMix('t');
    const registration = mix.next();
    mix.settle(registration, 422, '{"code":"COMPLAINT.UNKNOWN_CHANNEL"}');
    expect(mix.failureCount).toBe(1);
    expect(mix.failureSamples).toEqual([
      { kind: 'register', status: 422, body: '{"code":"COMPLAINT.UNKNOWN_CHANNEL"}' },
    ]);
    expect(mix.waiting).toBe(0);
    mix.resetCounts();
    expect(mix.failureCount).toBe(0);
  });
});
