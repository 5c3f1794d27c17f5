#!/usr/bin/env bash
# The project's test command (README, .ci/run): builds everything and runs the xunit suite.
set -euo pipefail
cd "$(dirname "$0")"
dotnet build FrozenLm.sln -c Release -nologo -clp:ErrorsOnly
dotnet test tests/FrozenLm.Tests -c Release --no-build -nologo "$@"
