// Builds the pages (web/ → web/dist) with Vite. Plain JavaScript so it runs before anything is
// compiled and costs `npm start` a few milliseconds when the build is current.
//   --if-available  (postinstall) build only when Vite is installed: `npm ci --omit=dev` has no Vite.
//   --if-stale      (npm start) build only when web/dist is missing or older than its sources.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const web = join(root, 'web');
const built = join(web, 'dist', 'index.html');
const sources = [join(web, 'src'), join(web, 'index.html'), join(web, 'graphiql.html'), join(web, 'vite.config.ts'), join(root, 'README.md')];

function newest(path) {
  const s = statSync(path, { throwIfNoEntry: false });
  if (!s) return 0;
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

function viteInstalled() {
  try {
    import.meta.resolve('vite');
    return true;
  } catch {
    return false;
  }
}

const mode = process.argv[2];
// An install before the sources are there (the image's dependency stage) has nothing to build.
if (mode === '--if-available' && !existsSync(join(web, 'vite.config.ts'))) process.exit(0);
if (mode === '--if-stale' && existsSync(built) && statSync(built).mtimeMs >= Math.max(...sources.map(newest))) process.exit(0);
if (!viteInstalled()) {
  if (mode) {
    if (!existsSync(built)) console.warn('bangfu: the pages are not built and Vite is not installed (npm ci --omit=dev): / will say so');
    process.exit(0);
  }
  console.error('bangfu: Vite is not installed: run `npm ci` (with devDependencies) to build the pages');
  process.exit(1);
}
const started = performance.now();
const { build } = await import('vite');
await build({ configFile: join(web, 'vite.config.ts'), logLevel: 'warn' });
console.log(`bangfu: pages built into web/dist in ${Math.round(performance.now() - started)} ms`);
