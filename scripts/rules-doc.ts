import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FIRST_YEAR, MAX_COUNT, RULES } from '../lib/rules.js';

export const RULES_DOC_PATH = fileURLToPath(new URL('../docs/rules.md', import.meta.url));

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** docs/rules.md, generated from the catalogue in lib/rules.ts (`npm run rules-doc`). */
export function rulesDoc(): string {
  const rows = Object.entries(RULES).map(([code, r]) => `| \`${code}\` | ${cell(r.meaning)} | ${cell(r.fields)} |`);
  return `# Rule codes

<!-- Generated from RULES in lib/rules.ts by \`npm run rules-doc\`; test/rules.test.ts fails when this file differs. -->

Every refusal names the rule it applies in \`extensions.rule\` (beside \`extensions.code\` and,
for input, \`extensions.field\`: [errors.md](errors.md)). These are all the rules there are: the
error helpers accept no other code, so a client can rely on this list. The same fault has the
same code on every channel.

The checks every channel shares are written once in \`lib/rules.ts\`: a year is a whole year from
${FIRST_YEAR} — when designated assistance, the oldest channel, began — to next year in China's
calendar (\`lib/calendar.ts\`, Asia/Shanghai); a period's end is not before its start; an amount
or a count is not negative, and a count is at most ${MAX_COUNT.toLocaleString('en')}; free text is
trimmed, blank where required is \`required\`, longer than its field allows is \`too-long\`; an
address is http or https; a place code is a division code.

| rule | meaning | fields |
| --- | --- | --- |
${rows.join('\n')}
`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(RULES_DOC_PATH, rulesDoc());
  console.log(`wrote ${RULES_DOC_PATH} (${Object.keys(RULES).length} rules)`);
}
