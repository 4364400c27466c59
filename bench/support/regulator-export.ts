import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Rng, seedFrom } from '../../apps/seeder/src/generator/random';

/**
 * A regulator-style export as `examples/import/regulator-export.csv` holds it, at any size: anonymous
 * rows, product + issue, the company, how it was submitted, the company's response (which decides
 * whether the complaint is closed), the closing day, timeliness, whether the consumer disputed, tags;
 * days in both of the example's date formats. Every row imports with `regulator-mapping.json`.
 */
const ISSUES: Record<string, string[]> = {
  'Credit card': ['Billing disputes', 'Fees or interest', 'Problem with a purchase shown on your statement'],
  'Checking or savings account': [
    'Managing an account',
    'Problem caused by your funds being low',
    'Opening an account',
  ],
  Mortgage: ['Trouble during payment process', 'Applying for a mortgage or refinancing an existing mortgage'],
  'Debt collection': ['Communication tactics', 'Attempts to collect debt not owed'],
};
const COMPANIES = ['Northwind Bank', 'Contoso Financial', 'Fabrikam Credit Union', 'Woodgrove Bank'];
const VIA = ['Web', 'Web', 'Web', 'Web', 'Phone', 'Referral', 'Postal mail', 'Email'];
const RESPONSES = [
  'Closed with explanation',
  'Closed with explanation',
  'Closed with explanation',
  'Closed with monetary relief',
  'Closed with non-monetary relief',
  'In progress',
];
const TAGS = ['', '', '', '', '', 'Older American', 'Servicemember', '"Older American, Servicemember"'];
const HEADER =
  'Complaint ID,Date received,Product,Issue,Company,Submitted via,Company response to consumer,' +
  'Date closed,Timely response?,Consumer disputed?,Tags';

const DAY_MS = 86_400_000;
const pad = (n: number) => String(n).padStart(2, '0');
const usDay = (d: Date) =>
  `${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${String(d.getUTCFullYear()).slice(2)}`;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** Writes `rows` rows to `file`; the same seed gives the same file. Returns the number of closed rows. */
export const writeRegulatorExport = async (file: string, rows: number, seed = 1): Promise<number> => {
  const out = createWriteStream(file, 'utf8');
  const rng = new Rng(seedFrom(seed, 'regulator-export'));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rng.next() * list.length)]!;
  const start = Date.UTC(2025, 0, 1);
  let closed = 0;
  out.write(`${HEADER}\n`);
  for (let i = 0; i < rows; i++) {
    const received = new Date(start + Math.floor(rng.next() * 365) * DAY_MS);
    const day = i % 2 === 0 ? usDay : isoDay;
    const product = pick(Object.keys(ISSUES));
    const response = pick(RESPONSES);
    const isClosed = response.startsWith('Closed');
    if (isClosed) closed += 1;
    const closedOn = isClosed ? day(new Date(received.getTime() + Math.floor(rng.next() * 21) * DAY_MS)) : '';
    const line = [
      String(8_000_000 + i),
      day(received),
      product,
      pick(ISSUES[product]!),
      pick(COMPANIES),
      pick(VIA),
      response,
      closedOn,
      rng.chance(0.9) ? 'Yes' : 'No',
      isClosed ? pick(['No', 'No', 'Yes', 'N/A']) : 'N/A',
      pick(TAGS),
    ].join(',');
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');
  return closed;
};
