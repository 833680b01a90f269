// Fails the build when chunks of the web client import each other in a cycle. Splitting Ant Design
// into chunks once made two of them import each other: the module evaluated second read a binding of
// the first before it existed ("Cannot set properties of undefined (setting 'useModal')") and the
// whole app went blank, which only a browser would notice. Static imports only: a dynamic import()
// runs after its importer has finished.
//
//   node scripts/check-chunks.mjs [dist/web/assets]
import fs from 'node:fs';
import path from 'node:path';

const dir = path.resolve(process.argv[2] ?? 'dist/web/assets');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.js'));
const staticImport = /(?:^|[;\n}])\s*import\s*(?:[\w*{}\s,$]+from\s*)?["']\.\/([^"']+\.js)["']/g;

const graph = new Map(files.map((file) => {
  const code = fs.readFileSync(path.join(dir, file), 'utf8');
  return [file, [...code.matchAll(staticImport)].map((m) => m[1])];
}));

/** The first cycle found by depth-first search, as a list of files, or null. */
function findCycle() {
  const state = new Map();
  const stack = [];
  const visit = (file) => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') return [...stack.slice(stack.indexOf(next)), next];
      if (!state.has(next)) {
        const cycle = visit(next);
        if (cycle) return cycle;
      }
    }
    stack.pop();
    state.set(file, 'done');
    return null;
  };
  for (const file of graph.keys()) {
    if (!state.has(file)) {
      const cycle = visit(file);
      if (cycle) return cycle;
    }
  }
  return null;
}

const cycle = findCycle();
if (cycle) {
  console.error(`The web client's chunks import each other in a cycle: ${cycle.join(' → ')}.\nA page that imports from both would see one of them half-initialized. Change the chunk split in vite.config.ts.`);
  process.exit(1);
}
