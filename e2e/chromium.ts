// Which Chromium the browser tests and e2e/tour.mjs drive, so that `npm test` needs nothing but Node:
// CHROMIUM_PATH when set, else Debian's /usr/bin/chromium when installed, else the headless
// Chromium shipped inside the npm package @sparticuz/chromium (unpacked once, in about 2 s).
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type LaunchOptions, chromium } from 'playwright-core';

export const SYSTEM_CHROMIUM = '/usr/bin/chromium';
// Its package.json is not among the package's exports, so it is read from node_modules directly.
const NPM_CHROMIUM_PACKAGE = fileURLToPath(new URL('../node_modules/@sparticuz/chromium/package.json', import.meta.url));

export interface ChromiumChoice {
  executablePath: string;
  source: 'CHROMIUM_PATH' | 'system' | 'npm';
}

/** Flags for a headless Chromium in tests: no sandbox (root in CI), no network of its own. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function findChromium(options: { env?: NodeJS.ProcessEnv; systemPath?: string } = {}): Promise<ChromiumChoice> {
  const env = options.env ?? process.env;
  const configured = env.CHROMIUM_PATH?.trim();
  if (configured) {
    if (!fs.existsSync(configured)) throw new Error(`CHROMIUM_PATH=${configured}: no such file (unset it to use ${SYSTEM_CHROMIUM} or the Chromium from npm)`);
    return { executablePath: configured, source: 'CHROMIUM_PATH' };
  }
  const systemPath = options.systemPath ?? SYSTEM_CHROMIUM;
  if (fs.existsSync(systemPath)) return { executablePath: systemPath, source: 'system' };
  return { executablePath: await unpackNpmChromium(), source: 'npm' };
}

export async function launchChromium(options: LaunchOptions & { systemPath?: string } = {}): Promise<Browser> {
  const { systemPath, ...launch } = options;
  const { executablePath } = await findChromium(systemPath ? { systemPath } : {});
  return chromium.launch({ ...launch, executablePath, args: [...CHROMIUM_ARGS, ...(launch.args ?? [])] });
}

/**
 * @sparticuz/chromium unpacks into os.tmpdir(): its binary as `chromium` and its graphics libraries
 * loose in that folder, with no guard against two processes unpacking at once. Give it a folder of
 * its own per version, unpacked beside it and renamed into place, so parallel test files (and other
 * checkouts on the machine) never start a half-written binary.
 */
async function unpackNpmChromium(): Promise<string> {
  const { default: npmChromium } = await import('@sparticuz/chromium');
  const version = (JSON.parse(await fsp.readFile(NPM_CHROMIUM_PACKAGE, 'utf8')) as { version: string }).version;
  const home = path.join(os.tmpdir(), `vanphong-chromium-${version}`);
  const binary = path.join(home, 'chromium');
  if (fs.existsSync(binary)) return binary;
  const staging = await fsp.mkdtemp(`${home}.unpacking-`);
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = staging; // read by os.tmpdir() synchronously, before the first await inside
  const unpacked = npmChromium.executablePath();
  if (previous === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = previous;
  await unpacked;
  try {
    await fsp.rename(staging, home);
  } catch {
    await fsp.rm(staging, { recursive: true, force: true }); // another process was first
  }
  return binary;
}
