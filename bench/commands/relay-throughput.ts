/**
 * `npm run measure:relay [-- --events=N --rounds=R | --size=tiny|default|full]`: the benchmark's relay
 * measurement (`bench/measures/relay-vs-kafkajs.ts`, relay vs a bare kafkajs producer on the same broker
 * with the same events) on its own, printed as a list. `npm run bench` runs it with the others.
 */
import { main } from '../measures/relay-vs-kafkajs';
import { runWhenMain } from '../support/measurement-main';

runWhenMain(module, main);
