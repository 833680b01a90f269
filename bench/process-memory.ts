import fs from 'node:fs';

/** Resident memory (MB) of a process and each of its descendants, by role (Linux /proc). */
export function treeRssMb(pid: number): Record<string, number> {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch { /* the process ended meanwhile */ }
  }
  const read = (p: number) => {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${p}/status`, 'utf8'));
      const command = fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').replace(/\0/g, ' ');
      return { mb: m ? Number(m[1]) / 1024 : 0, command };
    } catch { return { mb: 0, command: '' }; }
  };
  const byRole: Record<string, number> = { total: 0 };
  const walk = (p: number, root: boolean) => {
    const { mb, command } = read(p);
    // tsx compiles TypeScript in an esbuild helper process; the embedded database may run in its own.
    const role = root ? 'server' : /esbuild/.test(command) ? 'esbuild' : /pglite/i.test(command) ? 'pglite' : 'other';
    byRole[role] = (byRole[role] ?? 0) + mb;
    byRole.total! += mb;
    for (const c of children.get(p) ?? []) walk(c, false);
  };
  walk(pid, true);
  return byRole;
}

/** CPU time (user + system, ms) used so far by a process, all its threads included. */
export function cpuMs(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks of 1/100 s on Linux
  } catch {
    return 0;
  }
}

/**
 * CPU time (ms) of a process and all its descendants: the living ones, and the ones that ended and
 * were waited for (counted in their parent's cutime/cstime), such as a build run before the server.
 */
export function treeCpuMs(pid: number): number {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch { /* the process ended meanwhile */ }
  }
  const own = (p: number) => {
    try {
      const stat = fs.readFileSync(`/proc/${p}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return ((Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * 1000) / 100;
    } catch { return 0; }
  };
  const walk = (p: number): number => own(p) + (children.get(p) ?? []).reduce((sum, c) => sum + walk(c), 0);
  return walk(pid);
}
