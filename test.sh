#!/usr/bin/env bash
# The project's test command (README, .ci/run): builds everything and runs the xunit suite; a full run (no arguments)
# then packs, installs and runs the linux-x64 tool (scripts/check-tool-install.sh; FROZENLM_SKIP_TOOL_CHECK=1 skips it).
set -euo pipefail
cd "$(dirname "$0")"
dotnet build FrozenLm.sln -c Release -nologo -clp:ErrorsOnly
dotnet test tests/FrozenLm.Tests -c Release --no-build -nologo "$@"
if [[ $# -eq 0 && "${FROZENLM_SKIP_TOOL_CHECK:-0}" != 1 ]]; then
  scripts/check-tool-install.sh
fi
