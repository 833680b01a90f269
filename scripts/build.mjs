// Builds what `npm start` runs: the web client (Vite → dist/web, compressed copies and the service
// worker included) and the server (esbuild → dist/server/main.js and create-admin.js, one file
// each, npm packages left as imports; the database worker and the migrations copied beside them).
//
//   node scripts/build.mjs             build everything
//   node scripts/build.mjs --if-stale  only when the sources changed since the last build
//
// `--if-stale` compares a hash of the sources (src/, vite.config.ts, package-lock.json, this file)
// with the one dist/build-stamp.json holds: `npm start` and `npm install` (prepare) use it, so a
// start after an unchanged checkout skips the build (2 s and 570 MB on a small machine).
// Plain JavaScript: it runs before anything is compiled.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stampFile = path.join(root, 'dist/build-stamp.json');
const serverOut = path.join(root, 'dist/server');

function sourceHash() {
  const hash = createHash('sha256');
  const files = ['vite.config.ts', 'package-lock.json', 'scripts/build.mjs', 'scripts/check-chunks.mjs'];
  for (const entry of fs.readdirSync(path.join(root, 'src'), { recursive: true, withFileTypes: true })) {
    // Tests are not part of what is built.
    if (entry.isFile() && !/\.test\.tsx?$/.test(entry.name)) files.push(path.relative(root, path.join(entry.parentPath, entry.name)));
  }
  for (const file of files.sort()) {
    hash.update(file).update('\0');
    const full = path.join(root, file);
    if (fs.existsSync(full)) hash.update(fs.readFileSync(full));
    hash.update('\0');
  }
  return hash.digest('hex');
}

const ifStale = process.argv.includes('--if-stale');
const hash = sourceHash();
if (ifStale) {
  const stamp = fs.existsSync(stampFile) ? JSON.parse(fs.readFileSync(stampFile, 'utf8')) : null;
  const outputs = ['dist/web/index.html', 'dist/server/main.js', 'dist/server/create-admin.js', 'dist/server/pglite-server.mjs'];
  if (stamp?.hash === hash && outputs.every((file) => fs.existsSync(path.join(root, file)))) process.exit(0);
  console.log('Building VanPhong (the sources changed since the last build)…');
}

// The web client. Vite runs in a process of its own: its memory is given back before the server starts.
const vite = spawnSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', ifStale ? 'warn' : 'info'], { cwd: root, stdio: 'inherit' });
if (vite.status !== 0) process.exit(vite.status ?? 1);
const chunks = spawnSync(process.execPath, [path.join(root, 'scripts/check-chunks.mjs'), path.join(root, 'dist/web/assets')], { cwd: root, stdio: 'inherit' });
if (chunks.status !== 0) process.exit(chunks.status ?? 1);

// The server. Bundling keeps the import.meta.url-relative paths right: dist/server/ holds the
// worker (pglite-server.mjs) and migrations/ as src/server/db/ does, and ../../dist/web and
// node_modules are as far from dist/server/ as from src/server/.
const esbuild = await import('esbuild');
fs.rmSync(serverOut, { recursive: true, force: true });
await esbuild.build({
  entryPoints: { main: path.join(root, 'src/server/main.ts'), 'create-admin': path.join(root, 'src/server/create-admin.ts') },
  outdir: serverOut,
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node22',
  sourcemap: 'linked',
  logLevel: 'warning',
});
fs.copyFileSync(path.join(root, 'src/server/db/pglite-server.mjs'), path.join(serverOut, 'pglite-server.mjs'));
fs.cpSync(path.join(root, 'src/server/db/migrations'), path.join(serverOut, 'migrations'), { recursive: true });
fs.writeFileSync(stampFile, `${JSON.stringify({ hash, builtAt: new Date().toISOString() }, null, 2)}\n`);
if (!ifStale) console.log('Built dist/web and dist/server.');
