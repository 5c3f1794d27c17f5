#!/usr/bin/env bash
# The project's test command (README, .ci/run): builds everything and runs the xunit suite; a full run (no arguments)
# then packs, installs and runs the linux-x64 tool (scripts/check-tool-install.sh; FROZENLM_SKIP_TOOL_CHECK=1 skips it).
# The tests write their scratch files under a private TMPDIR that is removed at exit (FROZENLM_KEEP_TEST_TMP=1 keeps it).
set -euo pipefail
cd "$(dirname "$0")"
scratch=$(mktemp -d "${TMPDIR:-/tmp}/frozenlm-test.XXXXXX")
if [[ "${FROZENLM_KEEP_TEST_TMP:-0}" == 1 ]]; then
  trap 'echo "test scratch kept: $scratch"' EXIT
else
  trap 'rm -rf "$scratch"' EXIT
fi
dotnet build FrozenLm.sln -c Release -nologo -clp:ErrorsOnly
TMPDIR=$scratch dotnet test tests/FrozenLm.Tests -c Release --no-build -nologo "$@"
if [[ $# -eq 0 && "${FROZENLM_SKIP_TOOL_CHECK:-0}" != 1 ]]; then
  scripts/check-tool-install.sh
fi
