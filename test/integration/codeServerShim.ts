/**
 * Stands in for the VS Code executable under @vscode/test-electron (via code-server-shim.sh): takes the
 * command line runTests() gives VS Code (--extensionDevelopmentPath=, --extensionTestsPath=,
 * --user-data-dir=, --extensions-dir=, the folder to open; other flags are Electron's and are ignored),
 * starts a private code-server on 127.0.0.1, runs the suite in its extension host and exits with the
 * suite's exit code, as VS Code does. runTests' extensionTestsEnv reaches the extension host because
 * code-server inherits this process's environment. ../shared/vscode-e2e/README.md step 8.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { E2E, missingPrerequisite, prepareProfile, runSuiteInExtensionHost, startCodeServer } from './codeServer';

const RUN = path.join(E2E, 'run-shim');

function option(args: string[], name: string): string | undefined {
  const prefix = `--${name}=`;
  return args.find((a) => a.startsWith(prefix))?.slice(prefix.length);
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const devPath = option(args, 'extensionDevelopmentPath');
  const testsPath = option(args, 'extensionTestsPath');
  if (!devPath || !testsPath) {
    console.error('code-server shim: needs --extensionDevelopmentPath= and --extensionTestsPath=');
    return 2;
  }
  const missing = missingPrerequisite();
  if (missing) {
    console.error(`code-server shim: ${missing}`);
    return 2;
  }
  fs.rmSync(RUN, { recursive: true, force: true });
  fs.mkdirSync(RUN, { recursive: true });
  const profile = {
    userData: option(args, 'user-data-dir') ?? path.join(RUN, 'user-data'),
    extensions: option(args, 'extensions-dir') ?? path.join(RUN, 'extensions'),
  };
  prepareProfile(profile);
  const folder = args.filter((a) => !a.startsWith('-')).pop() ?? path.join(RUN, 'empty-workspace');
  fs.mkdirSync(folder, { recursive: true });
  const cs = await startCodeServer(RUN, profile, folder);
  console.log(`code-server shim: code-server at ${cs.url}, running ${path.relative(process.cwd(), testsPath)} in its extension host`);
  try {
    const { code, passed, failed } = await runSuiteInExtensionHost(cs.url, RUN, path.resolve(devPath), path.resolve(testsPath), folder);
    console.log(`code-server shim: suite exited with code ${code} (${passed} passing, ${failed} failing)`);
    return code;
  } finally {
    cs.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error('code-server shim:', e);
    process.exit(1);
  },
);
