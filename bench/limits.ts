// What the gateway's operation limits cost on the national picture (docs/limits.md):
//   npx tsx bench/limits.ts [--iterations N]
// Times each check on the national picture's document, in process, with no server and no
// database: the token limit (graphql-js's parse, stopping at the limit), the depth, alias and
// directive rules (one validation pass with those rules alone), and the cost estimate. Apollo
// Server keeps a document parsed and validated once seen, so a request pays the cost estimate
// alone; a document seen for the first time pays all three.
process.env.APOLLO_TELEMETRY_DISABLED ??= '1';

import { Supergraph } from '@apollo/federation-internals';
import { parse, validate } from 'graphql';
import { parseArgs } from 'node:util';
import { DEFAULT_LIMITS, estimateCost, structureRules } from '../gateway/limits.js';
import { readCommittedSupergraph } from '../schema/compose.js';
import { NATIONAL_PICTURE } from './operations.js';

/** The national picture's embedded p50, docs/performance.md (the latest complete run). */
const NATIONAL_P50_MS = 505.3;

const { values: flags } = parseArgs({ options: { iterations: { type: 'string', default: '200' } } });
const iterations = Number(flags.iterations);
const schema = Supergraph.build(readCommittedSupergraph()).apiSchema().toGraphQLJSSchema();
const rules = structureRules(DEFAULT_LIMITS);
const document = parse(NATIONAL_PICTURE);

/** Median and mean ms of `run` over `iterations` calls, after as many uncounted. */
function time(run: () => unknown): { median: number; mean: number } {
  for (let i = 0; i < iterations; i++) run();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    run();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[samples.length >> 1], mean: samples.reduce((a, b) => a + b, 0) / samples.length };
}

const checks: [string, () => unknown][] = [
  ['tokens (parse with maxTokens)', () => parse(NATIONAL_PICTURE, { maxTokens: DEFAULT_LIMITS.maxTokens })],
  ['depth, aliases, directives (validation)', () => validate(schema, document, rules)],
  ['cost estimate (every request)', () => estimateCost(schema, document, {}, undefined, DEFAULT_LIMITS.listSize)],
  [
    'all four (a document not seen before)',
    () => {
      const d = parse(NATIONAL_PICTURE, { maxTokens: DEFAULT_LIMITS.maxTokens });
      validate(schema, d, rules);
      return estimateCost(schema, d, {}, undefined, DEFAULT_LIMITS.listSize);
    },
  ],
];
console.log(
  `national picture: ${NATIONAL_PICTURE.length} characters, estimated cost ${estimateCost(schema, document, {}, undefined, DEFAULT_LIMITS.listSize)}`,
);
console.log(`${iterations} iterations each; ratio against the embedded p50 of ${NATIONAL_P50_MS} ms (docs/performance.md)`);
for (const [name, run] of checks) {
  const { median, mean } = time(run);
  console.log(`${name.padEnd(42)} median ${median.toFixed(3)} ms  mean ${mean.toFixed(3)} ms  ${((median / NATIONAL_P50_MS) * 100).toFixed(3)} %`);
}
