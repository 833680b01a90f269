import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// scripts/check-chunks.mjs runs after every web build (scripts/build.mjs).
const script = path.resolve('scripts/check-chunks.mjs');
const dirs: string[] = [];

function assets(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vp-chunks-'));
  dirs.push(dir);
  for (const [name, code] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), code);
  return dir;
}

const check = (dir: string) => spawnSync(process.execPath, [script, dir], { encoding: 'utf8' });

afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

describe('the build refuses web chunks that import each other', () => {
  it('fails on two chunks importing each other statically, naming them', () => {
    const result = check(assets({
      'antd-A.js': 'import{a as b}from"./antd-B.js";export const x=1;',
      'antd-B.js': 'import{x}from"./antd-A.js";export const a=2;',
    }));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('antd-A.js → antd-B.js → antd-A.js');
  });

  it('passes a tree of imports, and a cycle closed only by a dynamic import()', () => {
    const result = check(assets({
      'index.js': 'import"./react.js";import{t}from"./antd.js";const p=()=>import("./Page.js");',
      'react.js': 'export const r=1;',
      'antd.js': 'import{r}from"./react.js";export const t=2;',
      'Page.js': 'import{t}from"./antd.js";import"./index.js";',
    }));
    // index → Page is a dynamic import(); Page → index is static: no cycle of static imports.
    expect(result.status, result.stderr).toBe(0);
  });
});
