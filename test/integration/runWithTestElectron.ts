/**
 * The integration suite (test/integration/suite) under @vscode/test-electron's runTests(): one suite, two
 * hosts. By default VS Code is code-server, through code-server-shim.sh as vscodeExecutablePath (offline:
 * needs npm run test:e2e-setup). With VSCODE_DOWNLOAD=1, runTests() downloads a real VS Code
 * (VSCODE_VERSION, default stable) into .e2e/vscode-test and runs the same suite in it; that needs
 * update.code.visualstudio.com (and, on Linux without a display, xvfb-run).
 * Usage: npm run test:integration:electron      Env: VSCODE_DOWNLOAD=1, VSCODE_VERSION, E2E_HOME
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { E2E, ROOT, bundleSuite, missingPrerequisite, prepareProfile, prepareWorkspace } from './codeServer';

const RUN = path.join(E2E, 'run-electron');
const WS = path.join(RUN, 'workspace');
const RESULTS = path.join(RUN, 'results.json');
const SHIM = path.join(__dirname, 'code-server-shim.sh');
const download = process.env.VSCODE_DOWNLOAD === '1';

async function main(): Promise<number> {
  const host = download ? `a VS Code downloaded by @vscode/test-electron (${process.env.VSCODE_VERSION ?? 'stable'})` : 'code-server (the shim)';
  if (download) {
    console.log('VSCODE_DOWNLOAD=1: @vscode/test-electron downloads VS Code from update.code.visualstudio.com.');
    console.log("  Not exercised on this project's offline machines (only the npm registry and Debian apt are reachable).");
  } else {
    const missing = missingPrerequisite();
    if (missing) {
      console.log(`SKIP integration suite under test-electron: ${missing}`);
      console.log('integration (test-electron): 0 passed, 0 failed, 1 skipped');
      return 0;
    }
    console.log('VS Code is code-server through the shim (set VSCODE_DOWNLOAD=1 to let test-electron download VS Code instead).');
  }
  fs.rmSync(RUN, { recursive: true, force: true });
  const profile = { userData: path.join(RUN, 'user-data'), extensions: path.join(RUN, 'extensions') };
  prepareProfile(profile);
  prepareWorkspace(WS);
  const extensionTestsPath = await bundleSuite();
  let error: string | undefined;
  try {
    await runTests({
      ...(download ? { version: process.env.VSCODE_VERSION ?? 'stable', cachePath: path.join(E2E, 'vscode-test') } : { vscodeExecutablePath: SHIM }),
      extensionDevelopmentPath: ROOT,
      extensionTestsPath,
      launchArgs: [WS, `--user-data-dir=${profile.userData}`, `--extensions-dir=${profile.extensions}`],
      extensionTestsEnv: { PCAP_INTEGRATION_RESULTS: RESULTS },
    });
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  const counts = fs.existsSync(RESULTS) ? (JSON.parse(fs.readFileSync(RESULTS, 'utf8')) as { passed: number; failed: number }) : undefined;
  const passed = counts?.passed ?? 0;
  const failed = counts ? counts.failed : error ? 1 : 0;
  if (error) console.log(`runTests failed: ${error}${counts ? '' : ' (the suite reported no results)'}`);
  console.log(`integration (test-electron, ${host}): ${passed} passed, ${failed} failed`);
  return error || failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
