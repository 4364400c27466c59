// Prints the closing line CI reads, from jest's JSON results plus the static checks that failed.
const { readFileSync, existsSync } = require('node:fs');

const [file, failedChecksArg = '0'] = process.argv.slice(2);
const failedChecks = Number(failedChecksArg);
if (!existsSync(file)) {
  console.log(`tests: 0 passed, ${1 + failedChecks} failed`);
  process.exit(1);
}
const results = JSON.parse(readFileSync(file, 'utf8'));
// A suite that crashed before its tests ran counts as one failure, so it cannot hide.
const brokenSuites = results.testResults.filter(
  (s) => s.status === 'failed' && s.assertionResults.length === 0,
).length;
const passed = results.numPassedTests;
const failed = results.numFailedTests + brokenSuites + failedChecks;
console.log(
  `\nunit/int/e2e/faults suites: ${results.numTotalTestSuites}, static checks failed: ${failedChecks}`,
);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
