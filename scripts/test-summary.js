// Prints the closing line CI reads, from jest's JSON results (one file per jest run) plus the static
// checks that failed.
const { readFileSync, existsSync } = require('node:fs');

const [failedChecksArg = '0', ...files] = process.argv.slice(2);
const failedChecks = Number(failedChecksArg);
let passed = 0;
let failed = failedChecks;
let suites = 0;
for (const file of files) {
  // A run that wrote no results (it crashed) counts as one failure, so it cannot hide.
  if (!existsSync(file)) {
    failed += 1;
    continue;
  }
  const results = JSON.parse(readFileSync(file, 'utf8'));
  // A suite that crashed before its tests ran counts as one failure too.
  const brokenSuites = results.testResults.filter(
    (s) => s.status === 'failed' && s.assertionResults.length === 0,
  ).length;
  passed += results.numPassedTests;
  failed += results.numFailedTests + brokenSuites;
  suites += results.numTotalTestSuites;
}
console.log(`\njest suites: ${suites}, static checks failed: ${failedChecks}`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
