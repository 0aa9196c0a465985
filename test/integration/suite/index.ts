// Entry for VS Code's extensionTestsPath: runs the *.test.js files beside it with mocha, inside the
// real extension host (code-server here, a downloaded VS Code under @vscode/test-electron). Nothing in
// it depends on the host: the counts go to the console in the plain "N passed, N failed" form and, when
// the runner sets PCAP_INTEGRATION_RESULTS (runWithTestElectron.ts does), to that file as JSON, since a
// runner cannot read a downloaded VS Code's console.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60000 });
  for (const f of fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort())
    mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const { passes = 0, pending = 0 } = runner.stats ?? {};
      console.log(`[pcap-inspector integration] ${passes} passed, ${failures} failed, ${pending} pending`);
      const out = process.env.PCAP_INTEGRATION_RESULTS;
      if (out) fs.writeFileSync(out, JSON.stringify({ passed: passes, failed: failures, pending }));
      if (failures > 0) reject(new Error(`${failures} tests failed.`));
      else resolve();
    });
  });
}
