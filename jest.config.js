// Three test levels, told apart by file suffix, and the fault tests (real processes killed, engines taken
// away); each is a jest project with its own script.
const swcConfig = {
  // .swcrc is the build config and excludes spec files; jest must not read it.
  swcrc: false,
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

// PGlite's CommonJS build loads Node built-ins with import(), which jest's VM refuses without
// --experimental-vm-modules; compiling those calls to require() lets plain `npx jest` run PGlite.
const pgliteTransform = [
  '@swc/jest',
  { swcrc: false, jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } },
];

const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['@swc/jest', swcConfig],
    '/node_modules/@electric-sql/pglite/dist/.+\\.cjs$': pgliteTransform,
  },
  transformIgnorePatterns: ['/node_modules/(?!@electric-sql/pglite/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@app/([a-z-]+)$': '<rootDir>/libs/$1/src',
    '^@app/([a-z-]+)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};

module.exports = {
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/**/*.unit.spec.ts'] },
    {
      ...shared,
      displayName: 'int',
      testMatch: ['<rootDir>/**/*.int.spec.ts'],
      globalSetup: '<rootDir>/test/kafka/kafka-global-setup.ts',
      globalTeardown: '<rootDir>/test/kafka/kafka-global-teardown.ts',
      slowTestThreshold: 30,
      setupFilesAfterEnv: ['<rootDir>/test/slow-tests.setup.ts'],
    },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/**/*.e2e.spec.ts'],
      globalSetup: '<rootDir>/test/kafka/kafka-global-setup.ts',
      globalTeardown: '<rootDir>/test/kafka/kafka-global-teardown.ts',
      slowTestThreshold: 30,
      setupFilesAfterEnv: ['<rootDir>/test/slow-tests.setup.ts'],
    },
    // Run by the test command after all the others: it reads the logs they left (test-artifacts/logs).
    { ...shared, displayName: 'log-scan', testMatch: ['<rootDir>/test/log-scan/*.logscan.spec.ts'] },
    {
      ...shared,
      displayName: 'faults',
      testMatch: ['<rootDir>/test/faults/**/*.faults.spec.ts'],
      globalSetup: '<rootDir>/test/kafka/kafka-global-setup.ts',
      globalTeardown: '<rootDir>/test/kafka/kafka-global-teardown.ts',
      slowTestThreshold: 120,
    },
  ],
};
