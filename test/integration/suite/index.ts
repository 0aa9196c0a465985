// Entry for VS Code's extensionTestsPath: runs the *.test.js files beside it with mocha, inside the
// real extension host (code-server here, a downloaded VS Code under @vscode/test-electron).
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60000 });
  for (const f of fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => mocha.run((failures) => {
    console.log(`[pcap-inspector integration] ${failures} failure(s)`);
    if (failures > 0) reject(new Error(`${failures} tests failed.`));
    else resolve();
  }));
}
