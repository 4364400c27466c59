/**
 * `npm run measure:projection [-- --events=N --batch=B --rounds=R --samples=S | --size=tiny|default|full]`:
 * the benchmark's projection measurement (`bench/measures/projection-vs-raw-insert.ts`: the projector's
 * pipeline vs raw inserts of the same rows into the same chDB engine, and embedded freshness) on its own,
 * printed as a list. `npm run bench` runs it with the others.
 */
import { main } from '../measures/projection-vs-raw-insert';
import { runWhenMain } from '../support/measurement-main';

runWhenMain(module, main);
