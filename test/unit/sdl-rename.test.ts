import { generate } from '@graphql-codegen/cli';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { SUBGRAPHS, subgraphTypes } from '../../codegen.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

interface Rename {
  /** The type or input type the field belongs to. */
  type: string;
  field: string;
  to: string;
}

/**
 * In a copy of each subgraph's SDL, a field its resolvers resolve is renamed (and, in two, an
 * input field and an argument the resolvers read): the types generated from the copies must
 * fail the type check of the resolvers, each error naming the old name.
 */
const RENAMES: Record<string, Rename[]> = {
  registry: [{ type: 'Region', field: 'ancestors', to: 'ancestorRegions' }],
  designated: [
    { type: 'DesignatedAssistance', field: 'status', to: 'state' },
    { type: 'CreateDesignatedPairingInput', field: 'helpedCode', to: 'countyCode' },
  ],
  eastwest: [{ type: 'EastWestPairing', field: 'helperRegion', to: 'helperPlace' }],
  military: [{ type: 'MilitaryAssistance', field: 'totals', to: 'figures' }],
  parties: [{ type: 'SupervisionTrip', field: 'placesVisited', to: 'visitedPlaces' }],
  enterprises: [{ type: 'EnterpriseContribution', field: 'alsoReportedAs', to: 'reportedAs' }],
  local: [
    { type: 'WorkTeam', field: 'senders', to: 'sendingUnits' },
    { type: 'Query', field: 'nationalLocalCoverage', to: 'localCoverageNationally' },
  ],
};

/** The SDL with `field` of `type` renamed: the field's own line inside the type's block, not a description. */
function renameField(sdl: string, { type, field, to }: Rename): string {
  const lines = sdl.split('\n');
  const start = lines.findIndex((l) => new RegExp(`^(extend )?(type|input|interface) ${type}\\b`).test(l));
  if (start < 0) throw new Error(`no type ${type}`);
  let inDescription = false;
  for (let i = start + 1; i < lines.length && lines[i] !== '}'; i++) {
    const quotes = lines[i].split('"""').length - 1;
    if (!inDescription && new RegExp(`^\\s+${field}\\s*[(:]`).test(lines[i])) {
      lines[i] = lines[i].replace(field, to);
      return lines.join('\n');
    }
    if (quotes % 2 === 1) inDescription = !inDescription;
  }
  throw new Error(`no field ${type}.${field}`);
}

const scratch = mkdtempSync(join(tmpdir(), 'bangfu-sdl-rename-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The types codegen writes from the renamed copies, by the path of the file they stand in for. */
async function renamedTypes(): Promise<Map<string, string>> {
  const generates = Object.fromEntries(
    SUBGRAPHS.map((name) => {
      // The copy in a folder of its own, with the kit's fields of the channel beside it as they are.
      const copy = join(scratch, name, 'schema.graphql');
      mkdirSync(join(scratch, name));
      writeFileSync(copy, RENAMES[name].reduce(renameField, readFileSync(join(root, `subgraphs/${name}/schema.graphql`), 'utf8')));
      const kit = join(root, `subgraphs/${name}/channel.generated.graphql`);
      if (existsSync(kit)) copyFileSync(kit, join(scratch, name, 'channel.generated.graphql'));
      return [`subgraphs/${name}/types.generated.ts`, subgraphTypes(name, copy)];
    }),
  );
  const outputs: { filename: string; content: string }[] = await generate({ overwrite: true, generates, cwd: root, silent: true }, false);
  return new Map(outputs.map((o) => [resolve(root, o.filename), o.content]));
}

/** The type errors in `subgraphs/` when the subgraphs are checked against `types` (the project's compiler options). */
function typeErrors(types: Map<string, string>): { file: string; message: string }[] {
  const { config } = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, root);
  const host = ts.createCompilerHost(options);
  const { getSourceFile, readFile } = host;
  host.getSourceFile = (fileName, language, ...rest) => {
    const text = types.get(resolve(fileName));
    return text === undefined ? getSourceFile.call(host, fileName, language, ...rest) : ts.createSourceFile(fileName, text, language);
  };
  host.readFile = (fileName) => types.get(resolve(fileName)) ?? readFile.call(host, fileName);
  const program = ts.createProgram({ rootNames: SUBGRAPHS.map((name) => join(root, `subgraphs/${name}/subgraph.ts`)), options, host });
  // The files typed by the generated types: the only ones a renamed field can fail.
  const subgraphs = join(root, 'subgraphs/');
  return program
    .getSourceFiles()
    .filter((f) => resolve(f.fileName).startsWith(subgraphs) && f.text.includes("from './types.generated.js'"))
    .flatMap((f) => program.getSemanticDiagnostics(f))
    .map((d) => ({ file: relative(root, resolve(d.file!.fileName)), message: ts.flattenDiagnosticMessageText(d.messageText, '\n') }));
}

describe('a field renamed in a subgraph SDL', () => {
  it('fails the type check of the resolvers that still use the old name, in every subgraph', async () => {
    const errors = typeErrors(await renamedTypes());
    for (const name of SUBGRAPHS) {
      const own = errors.filter((e) => e.file.startsWith(`subgraphs/${name}/`));
      for (const { type, field } of RENAMES[name]) {
        expect(
          own.some((e) => e.message.includes(`'${field}'`)),
          `${type}.${field} renamed: ${JSON.stringify(own, null, 1)}`,
        ).toBe(true);
      }
    }
  }, 300_000);

  it('renames only the field itself, not a description mentioning it', () => {
    const sdl = 'type T {\n  """\n  status: described here\n  """\n  status: String\n  other(status: Int): Int\n}\n';
    expect(renameField(sdl, { type: 'T', field: 'status', to: 'state' })).toBe(
      'type T {\n  """\n  status: described here\n  """\n  state: String\n  other(status: Int): Int\n}\n',
    );
  });
});
