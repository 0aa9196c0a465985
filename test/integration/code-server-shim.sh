#!/bin/sh
# The "VS Code executable" runWithTestElectron.ts hands to @vscode/test-electron's runTests() when VS Code
# cannot be downloaded: it takes VS Code's command line and runs the suite in code-server instead.
exec "$(dirname "$0")/../../node_modules/.bin/tsx" "$(dirname "$0")/codeServerShim.ts" "$@"
