import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import { ComparePageView } from './compare/comparePageView';

/** The compare panel's page (src/extension/compare/comparePanel.ts): two captures side by side. */
new ComparePageView(document.getElementById('app')!);
