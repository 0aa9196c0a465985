// Bundles with esbuild: the CLI, the extension and its capture worker, the benchmark (Node, one file
// each in dist/), and the webview pages (browser: dist/webview.js, the compare panel's dist/compare.js, one dist/webview.css).
import * as esbuild from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning' };
// What the .vsix ships runs in every user's extension host: without the whitespace and dead syntax
// (names kept, so stack traces still read; dist/extension.js.map maps them to the sources).
const shipped = { ...common, minifyWhitespace: true, minifySyntax: true };

await Promise.all([
  esbuild.build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
  esbuild.build({ ...common, entryPoints: ['src/cli/analyzeWorker.ts'], outfile: 'dist/cli-analyze-worker.js' }),
  esbuild.build({ ...shipped, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
  esbuild.build({ ...shipped, entryPoints: ['src/extension/worker/captureWorker.ts'], outfile: 'dist/worker.js' }),
  esbuild.build({ ...shipped, entryPoints: ['src/extension/problems/analysisWorker.ts'], outfile: 'dist/analysisWorker.js' }),
  esbuild.build({ ...common, entryPoints: ['src/cli/compareSideWorker.ts'], outfile: 'dist/compareSideWorker.js' }),
  esbuild.build({ ...common, entryPoints: ['bench/bench.ts'], outfile: 'dist/bench.js' }),
  esbuild.build({ ...common, entryPoints: ['bench/editor.ts'], outfile: 'dist/bench-editor.js' }),
  esbuild.build({ ...common, entryPoints: ['test/fuzz/fuzz.ts'], outfile: 'dist/fuzz.js' }),
  // The webview runs in VS Code's Chromium: no Node built-ins may leak in (platform browser fails the build if one does).
  esbuild.build({
    bundle: true,
    platform: 'browser',
    target: 'chrome114',
    format: 'iife',
    sourcemap: true,
    logLevel: 'warning',
    entryPoints: { webview: 'webview/main.ts', compare: 'webview/comparePage.ts' },
    outdir: 'dist',
    minify: true,
  }),
  esbuild.build({ bundle: true, logLevel: 'warning', entryPoints: ['webview/styles.css'], outfile: 'dist/webview.css', minify: true }),
]);
