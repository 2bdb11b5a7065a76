#!/usr/bin/env bash
# Real-VS-Code suite: builds code-server (cached), packages the extension with vsce, installs that .vsix into
# code-server and drives the workbench with Chromium + playwright-core.
set -euo pipefail
cd "$(dirname "$0")/../.."
export CODE_SERVER_ENTRY="${CODE_SERVER_ENTRY:-$(bash test/e2e/setup-code-server.sh | tail -n1)}"
mkdir -p test-output
if [ -z "${E2E_VSIX:-}" ]; then
  export E2E_VSIX="$PWD/test-output/kedro-lens.vsix"
  npx vsce package --no-dependencies --out "$E2E_VSIX" >test-output/vsce.log 2>&1 || { cat test-output/vsce.log; exit 1; }
fi
export E2E_OUTPUT_DIR="${E2E_OUTPUT_DIR:-$PWD/test-output}"
node --test --test-concurrency=1 test/e2e/*.test.mjs
