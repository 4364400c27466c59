import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_JWT_SECRET } from '@app/platform/auth/test-support';
import { TEST_CREDENTIALS_DIR, TEST_LOG_DIR } from '@app/platform/logging/test-support';

/**
 * Security class 1, the log scan: run by the test command after every other test, it reads every log
 * line the suite's services wrote (in-process harnesses and real processes alike, forced 5xx included)
 * and searches them for every credential the suite used — each token and key the tests made, the JWT
 * signing secret, anything shaped like a JWT or one of our API keys — and for the fixtures' personal data.
 */

/** Personal data the fixtures register (names, phones, the privacy test's marker). */
const PERSONAL_DATA = [
  '王小明',
  '+86 138 0000 0000',
  '+86 10 1234 5678',
  'QZXPII',
  '李四',
  '+86 139 1111 2222',
];
const CREDENTIAL_SHAPES: readonly RegExp[] = [
  /eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{10,}/,
  /cak_[A-Za-z0-9_-]{40,}/,
];

const filesIn = (dir: string): string[] =>
  existsSync(dir) ? readdirSync(dir).map((name) => join(dir, name)) : [];

describe('security class 1: the suite’s logs hold no credential and no personal data', () => {
  const logFiles = filesIn(TEST_LOG_DIR);
  const credentials = [
    ...new Set(
      filesIn(TEST_CREDENTIALS_DIR)
        .flatMap((file) => readFileSync(file, 'utf8').split('\n'))
        .filter((line) => line.length >= 20),
    ),
    TEST_JWT_SECRET,
  ];
  const lines = logFiles.flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line, index) => ({ where: `${file}:${index + 1}`, line })),
  );

  it('has the whole suite’s logs to read (it runs after every other test)', () => {
    console.log(
      `log scan: ${lines.length} lines in ${logFiles.length} log files, ` +
        `${credentials.length} credentials and ${PERSONAL_DATA.length} personal-data markers searched, ` +
        `${lines.filter(({ line }) => /"status":5\d\d/.test(line)).length} logged 5xx answers`,
    );
    expect(logFiles.length).toBeGreaterThanOrEqual(20);
    expect(credentials.length).toBeGreaterThanOrEqual(50);
    // The suite forces 5xx answers (a store taken away, an analytics outage): their logs are scanned too.
    expect(lines.some(({ line }) => /"status":5\d\d/.test(line))).toBe(true);
  });

  it('finds no credential the suite used, nor anything shaped like one', () => {
    const found = lines.flatMap(({ where, line }) => [
      ...credentials.filter((secret) => line.includes(secret)).map(() => where),
      ...CREDENTIAL_SHAPES.filter((shape) => shape.test(line)).map(() => where),
    ]);
    expect(found).toEqual([]);
  });

  it('finds none of the fixtures’ personal data', () => {
    const found = lines.flatMap(({ where, line }) =>
      PERSONAL_DATA.filter((marker) => line.includes(marker)).map((marker) => `${where}: ${marker}`),
    );
    expect(found).toEqual([]);
  });
});
