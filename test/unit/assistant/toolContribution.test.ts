import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CAPTURE_TOOLS } from '../../../src/core/assistant/captureTools';
import { languageModelToolContribution } from '../../../src/core/assistant/toolContribution';

const PKG = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8'));

/** package.json's static tool declarations are what VS Code shows a model before activation: they must be the code's. */
describe('contributes.languageModelTools', () => {
  it('equals the tool definitions in src/core/assistant (names, descriptions, schemas)', () => {
    assert.deepEqual(PKG.contributes.languageModelTools, CAPTURE_TOOLS.map(languageModelToolContribution));
  });

  it('every schema takes path, and its required arguments are properties', () => {
    for (const t of CAPTURE_TOOLS) {
      assert.ok(t.inputSchema.required.includes('path'), t.name);
      for (const r of t.inputSchema.required) assert.ok(r in t.inputSchema.properties, `${t.name}.${r}`);
    }
  });

  it('the engine is new enough for vscode.lm.registerTool (1.95) and @types/vscode is not newer than it', () => {
    assert.equal(PKG.engines.vscode, '^1.95.0');
    assert.match(PKG.devDependencies['@types/vscode'], /^~1\.95\./);
  });
});
