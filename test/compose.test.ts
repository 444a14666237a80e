import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from '../lib/env.js';

/**
 * docker-compose.yml and the Dockerfile, read as files (no docker needed): every service runs an
 * npm script that exists, behind an init process, with every setting its main requires, no
 * secret with a default, the shared readiness check, a memory limit above V8's heap cap, readiness
 * before its dependants start, and nothing from outside the repository.
 */
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const COMPOSE_TEXT = read('docker-compose.yml');
// Compose resolves YAML merge keys (`<<: *anchor`); the file shares settings through them.
const compose = parse(COMPOSE_TEXT, { merge: true, maxAliasCount: 1000 }) as {
  services: Record<string, Service>;
  'x-ready': unknown;
};
const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
const ENV_DOC = read('docs/environment.md');
const DOCKERFILE = read('Dockerfile');

interface Service {
  image?: string;
  build?: { context: string; target?: string } | string;
  command?: string[];
  environment?: Record<string, string>;
  healthcheck?: { disable?: boolean; test?: string[] };
  mem_limit?: string;
  deploy?: { resources?: { limits?: { memory?: string } } };
  init?: boolean;
  depends_on?: Record<string, { condition: string }> | string[];
  volumes?: (string | { type?: string; source?: string })[];
  env_file?: string | string[];
  profiles?: string[];
}

const services = Object.entries(compose.services);
/** The services built from this repository (the others run a published image: PostgreSQL). */
const ours = services.filter(([, s]) => s.build !== undefined);
/** The npm script a service runs (`npm run <script>`). */
const scriptOf = (s: Service) => (s.command?.[0] === 'npm' && s.command[1] === 'run' && s.command.length === 3 ? s.command[2] : null);

/** The TypeScript file an npm script runs (its last `*.ts` argument). */
function entryOf(script: string): string {
  const files = scripts[script].split(/\s+/).filter((word) => word.endsWith('.ts'));
  expect(files.length, `npm run ${script} runs one TypeScript file`).toBeGreaterThan(0);
  return files[files.length - 1];
}

/**
 * The variables a main reads, with whether it requires them: its own reads, and those of the
 * modules it imports a settings reader from (`…FromEnv`, `run…Main`): `requireEnv('X'` and
 * `secretEnv('X'` require X; `process.env.X` and `intEnv('X', …)` have a default. A gateway's
 * `<NAME>_URL` of each subgraph is required.
 */
function envOf(entry: string, seen = new Set<string>()): Map<string, boolean> {
  const found = new Map<string, boolean>();
  if (seen.has(entry)) return found;
  seen.add(entry);
  const text = read(entry);
  const add = (name: string, required: boolean) => found.set(name, (found.get(name) ?? false) || required);
  for (const m of text.matchAll(/\b(requireEnv|secretEnv)\(\s*'([A-Z][A-Z0-9_]*)'/g)) add(m[2], true);
  for (const m of text.matchAll(/\bintEnv\(\s*'([A-Z][A-Z0-9_]*)'/g)) add(m[1], false);
  for (const m of text.matchAll(/process\.env\.([A-Z][A-Z0-9_]*)/g)) add(m[1], false);
  if (text.includes('`${s.name.toUpperCase()}_URL`')) for (const name of SUBGRAPHS) add(`${name.toUpperCase()}_URL`, true);
  for (const m of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'(\.[^']+)\.js'/g)) {
    if (!/\w+FromEnv\b|\brun\w*Main\b/.test(m[1])) continue;
    const module = relative(ROOT, resolve(ROOT, dirname(entry), `${m[2]}.ts`));
    for (const [name, required] of envOf(module, seen)) add(name, required);
  }
  return found;
}
const SUBGRAPHS = readdirSync(join(ROOT, 'subgraphs'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(ROOT, 'subgraphs', d.name, 'main.ts')))
  .map((d) => d.name);

/** Bytes of a compose memory size (`2560m`, `2g`). */
function bytes(size: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]?)i?b?$/i.exec(size.trim());
  if (!m) throw new Error(`not a memory size: ${size}`);
  return Number(m[1]) * 1024 ** ' kmg'.indexOf(m[2].toLowerCase() || ' ');
}
const memoryOf = (s: Service) => s.mem_limit ?? s.deploy?.resources?.limits?.memory;

const SECRET = /SECRET|PASSWORD|TOKEN/;

describe('docker-compose.yml', () => {
  it('runs the expected topology: PostgreSQL, the seed job, every subgraph, the gateway and the scale-out gateway', () => {
    const run = Object.fromEntries(ours.map(([name, s]) => [name, scriptOf(s)]));
    expect(run).toEqual({
      seed: 'seed',
      ...Object.fromEntries(SUBGRAPHS.map((name) => [name, `start:${name}`])),
      gateway: 'start:gateway',
      hive: 'start:hive',
    });
    expect(Object.keys(compose.services).filter((name) => !(name in run))).toEqual(['postgres']);
  });

  it('runs an npm script that exists for every service built here, behind an init process', () => {
    for (const [name, s] of ours) {
      const script = scriptOf(s);
      expect(script, `${name}: command ${JSON.stringify(s.command)} is "npm run <script>"`).not.toBeNull();
      expect(scripts[script!], `${name}: package.json has script ${script}`).toBeDefined();
      expect(existsSync(join(ROOT, entryOf(script!))), `${name}: ${entryOf(script!)} exists`).toBe(true);
      expect(s.init, `${name}: init: true`).toBe(true);
    }
  });

  it("sets every variable a service's main requires, and documents every other it reads", () => {
    for (const [name, s] of ours) {
      const env = s.environment ?? {};
      const reads = envOf(entryOf(scriptOf(s)!));
      expect(reads.size, `${name} reads settings`).toBeGreaterThan(0);
      for (const [variable, required] of reads) {
        if (required) expect(env[variable], `${name} sets ${variable}, which ${entryOf(scriptOf(s)!)} requires`).toBeTruthy();
        else if (!(variable in env)) expect(ENV_DOC, `${name} reads ${variable}: docs/environment.md gives its default`).toContain(`\`${variable}\``);
      }
    }
    // The gateways need the subgraphs' URLs and both secrets; the subgraphs need the database.
    for (const name of ['gateway', 'hive']) {
      expect([...envOf(entryOf(scriptOf(compose.services[name])!))].filter(([, r]) => r).map(([v]) => v)).toEqual(
        expect.arrayContaining(['GATEWAY_SECRET', 'JWT_SECRET', ...SUBGRAPHS.map((s) => `${s.toUpperCase()}_URL`)]),
      );
    }
    expect(envOf(entryOf('start:registry')).get('DATABASE_URL')).toBe(true);
    expect(envOf(entryOf('seed')).get('DATABASE_URL')).toBe(true);
  });

  it('gives no secret a default: each comes from the environment, required with ${NAME:?…}', () => {
    const interpolations = [...COMPOSE_TEXT.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)([^}]*)\}/g)];
    const secrets = interpolations.filter((m) => SECRET.test(m[1]));
    expect(new Set(secrets.map((m) => m[1]))).toEqual(new Set(['GATEWAY_SECRET', 'JWT_SECRET', 'POSTGRES_PASSWORD']));
    for (const m of secrets) expect(m[2], `${m[0]} is required, with no default`).toMatch(/^:?\?/);
    for (const [name, s] of services) {
      for (const [variable, value] of Object.entries(s.environment ?? {})) {
        if (SECRET.test(variable)) expect(value, `${name}: ${variable}`).toMatch(/^\$\{[A-Z_]+:\?[^}]*\}$/);
        // A URL's password, too.
        const credentials = /:\/\/[^:/@]+:([^@]+)@/.exec(String(value));
        if (credentials) expect(credentials[1], `${name}: ${variable}'s password`).toMatch(/^\$\{[A-Z_]+:\?[^}]*\}$/);
      }
    }
  });

  it('checks readiness of every server with the one shared /ready check, and starts a service only once what it needs is ready', () => {
    const shared = compose['x-ready'] as { test: string[] };
    expect(shared.test.join(' ')).toContain('/ready');
    // One definition, referenced by alias: the only other check written out is PostgreSQL's.
    expect(COMPOSE_TEXT.match(/^\s+test:/gm)).toHaveLength(2);
    for (const [name, s] of ours) {
      if (scriptOf(s) === 'seed') expect(s.healthcheck, 'the seed job exits: no healthcheck').toEqual({ disable: true });
      else expect(s.healthcheck, `${name}: the shared healthcheck`).toEqual(shared);
    }
    expect(compose.services.postgres.healthcheck?.test?.join(' ')).toContain('pg_isready');
    for (const [name, s] of services) {
      expect(Array.isArray(s.depends_on), `${name}: depends_on with conditions`).toBe(false);
      for (const [on, { condition }] of Object.entries(s.depends_on ?? {})) {
        const job = scriptOf(compose.services[on]) === 'seed';
        expect(condition, `${name} waits for ${on}`).toBe(job ? 'service_completed_successfully' : 'service_healthy');
      }
    }
  });

  it("limits every service's memory, with V8's old generation capped below the limit", () => {
    for (const [name, s] of services) {
      const limit = memoryOf(s);
      expect(limit, `${name}: a memory limit`).toBeDefined();
      if (!s.build) continue;
      const cap = /--max-old-space-size=(\d+)/.exec(s.environment?.NODE_OPTIONS ?? '');
      expect(cap, `${name}: NODE_OPTIONS caps the old generation`).not.toBeNull();
      // The young generation, code and buffers live beside the old generation: at least 256 MiB of room.
      expect(Number(cap![1]) * 1024 ** 2 + 256 * 1024 ** 2, `${name}: heap cap below ${limit}`).toBeLessThanOrEqual(bytes(limit!));
    }
  });

  it('reads nothing from outside the repository: named volumes only, the build context here', () => {
    expect(COMPOSE_TEXT).not.toMatch(/\.\.\//);
    for (const [name, s] of services) {
      for (const volume of s.volumes ?? []) {
        const source = typeof volume === 'string' ? volume.split(':')[0] : (volume.source ?? '');
        const isPath = /^[./~]/.test(source) || isAbsolute(source);
        if (isPath) expect(relative(ROOT, resolve(ROOT, source)).startsWith('..'), `${name} mounts ${source}`).toBe(false);
        expect(isAbsolute(source) || source.startsWith('~'), `${name} mounts ${source} from the host`).toBe(false);
      }
      for (const file of [s.env_file ?? []].flat()) expect(relative(ROOT, resolve(ROOT, file)).startsWith('..'), `${name}: env_file ${file}`).toBe(false);
      if (s.build) {
        const context = typeof s.build === 'string' ? s.build : s.build.context;
        expect(resolve(ROOT, context), `${name}: build context`).toBe(resolve(ROOT));
      }
    }
  });
});

describe('Dockerfile', () => {
  const stages = [...DOCKERFILE.matchAll(/^FROM\s+\S+\s+AS\s+(\S+)/gm)].map((m) => m[1]);

  it('builds the stage each service names, the default image last, and the images run an npm script', () => {
    for (const [name, s] of ours) {
      const target = typeof s.build === 'string' ? undefined : s.build?.target;
      expect(stages, `${name}: stage ${target}`).toContain(target);
    }
    expect(stages[stages.length - 1]).toBe('bangfu');
    for (const m of DOCKERFILE.matchAll(/^CMD\s+(\[.*\])$/gm)) {
      const command = JSON.parse(m[1]) as string[];
      expect(command.slice(0, 2)).toEqual(['npm', 'run']);
      expect(scripts[command[2]]).toBeDefined();
    }
  });

  it('copies every folder the services run from, the reference lists among them, and nothing ignored', () => {
    const copied = [...DOCKERFILE.matchAll(/^COPY\s+(?!--from)(\S+)\s+\S+$/gm)].map((m) => m[1].replace(/\/$/, ''));
    const ignored = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    const needed = new Set(['reference', 'schema', 'lib']);
    for (const [, s] of ours) needed.add(entryOf(scriptOf(s)!).split('/')[0]);
    for (const folder of needed) {
      expect(copied, `the image has ${folder}/`).toContain(folder);
      expect(ignored, `.dockerignore leaves ${folder}/ in the context`).not.toContain(folder);
    }
  });
});
