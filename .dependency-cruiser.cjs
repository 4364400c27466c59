/** Architecture rules checked by the test command (`npm run depcheck`). */
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
