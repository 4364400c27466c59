/** Architecture rules checked by the test command (`npm run depcheck`, over apps, libs and bench). */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment:
        'libs/complaints is the pure domain: no framework, driver, broker, clock or random source, no other lib.',
      severity: 'error',
      from: { path: '^libs/complaints/src' },
      to: {
        pathNot: ['^libs/complaints/src'],
      },
    },
    {
      name: 'libs-never-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'apps-do-not-import-each-other-internals',
      comment: 'An app may compose another app only through its module file, never its internals.',
      severity: 'error',
      from: { path: '^apps/(command-service|relay|projector|query-service)/' },
      to: { path: '^apps/', pathNot: ['^apps/$1/'] },
    },
    {
      name: 'analytics-node-composes-modules-only',
      comment:
        'The analytics node composes the projector and the query service through their module files only.',
      severity: 'error',
      from: { path: '^apps/analytics-node/' },
      to: {
        path: '^apps/',
        pathNot: [
          '^apps/analytics-node/',
          '^apps/projector/src/projector[.]module[.]ts$',
          '^apps/query-service/src/query-service[.]module[.]ts$',
        ],
      },
    },
    // The libs' layers, lowest first: complaints (the domain) < event-store < messaging, platform < privacy
    // < analytics. A lib imports only libs below it; each rule names what its lib must not reach.
    {
      name: 'event-store-imports-only-the-domain',
      comment: 'The event store knows streams and events, no service concern.',
      severity: 'error',
      from: { path: '^libs/event-store/' },
      to: { path: '^libs/', pathNot: ['^libs/(event-store|complaints)/'] },
    },
    {
      name: 'messaging-below-platform',
      comment: 'Messages and their validation need the store and the domain, never the HTTP platform.',
      severity: 'error',
      from: { path: '^libs/messaging/' },
      to: { path: '^libs/', pathNot: ['^libs/(messaging|event-store|complaints)/'] },
    },
    {
      name: 'platform-below-privacy-and-analytics',
      comment:
        'The platform (config, auth, logging, HTTP) sits under privacy and analytics: they plug into it, it never reaches up.',
      severity: 'error',
      from: { path: '^libs/platform/' },
      to: { path: '^libs/', pathNot: ['^libs/(platform|event-store|complaints)/'] },
    },
    {
      name: 'privacy-below-analytics',
      comment:
        "Pseudonyms and personal data are privacy's; analytics uses them, privacy never reads analytics.",
      severity: 'error',
      from: { path: '^libs/privacy/' },
      to: { path: '^libs/', pathNot: ['^libs/(privacy|platform|event-store|complaints)/'] },
    },
    {
      name: 'analytics-imports-no-messaging',
      comment: 'The read model is fed by the projector app; it knows no broker.',
      severity: 'error',
      from: { path: '^libs/analytics/' },
      to: { path: '^libs/messaging/' },
    },
    {
      name: 'relay-reads-no-personal-data',
      comment:
        'The relay publishes what the store holds; which streams stay private is a naming rule of the domain.',
      severity: 'error',
      from: { path: '^apps/relay/' },
      to: { path: '^libs/(privacy|analytics)/' },
    },
    {
      name: 'seeder-imports-no-app',
      comment: 'The seeder generates histories with the domain and libs only.',
      severity: 'error',
      from: { path: '^apps/seeder/' },
      to: { path: '^apps/', pathNot: ['^apps/seeder/'] },
    },
    {
      name: 'standalone-composes-modules-only',
      comment:
        'The standalone process composes the services through their module, configuration and bootstrap files.',
      severity: 'error',
      from: { path: '^apps/standalone/' },
      to: {
        path: '^apps/',
        pathNot: [
          '^apps/standalone/',
          '^apps/[a-z-]+/src/[a-z-]+[.]module[.]ts$',
          '^apps/[a-z-]+/src/config/[a-z-]+[.]config[.]ts$',
          '^apps/[a-z-]+/src/bootstrap[.]ts$',
          // The seeder's public surface: the demo data is its generator's, stored its way.
          '^apps/seeder/src/(today|seed-event-store|generator/generate-histories)[.]ts$',
        ],
      },
    },
    {
      name: 'only-the-bench-imports-the-bench',
      comment:
        'Measurements live in bench/ and may drive app internals; nothing in apps or libs imports them.',
      severity: 'error',
      from: { path: '^(apps|libs)/' },
      to: { path: '^bench/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^dist/|\\.spec\\.ts$|/test-support/)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
