#!/usr/bin/env bash
# The test command (README, `make test`, .ci/run): everything this machine can run. Neo4j tests need java and mvn
# (installed here when we are root; else a Docker engine; else they skip with the reason); browser tests need
# Debian's chromium (installed here when we are root).
set -uo pipefail
PY=${1:-.venv/bin/python}
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 TOKENIZERS_PARALLELISM=false

if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null) \
    || echo "note: could not install chromium; browser tests will skip"
fi

# the neo4j tests build their Neo4j server from Maven Central: they need a JDK and Maven (else they skip)
if { ! command -v java >/dev/null 2>&1 || ! command -v mvn >/dev/null 2>&1; } && [ "$(id -u)" = "0" ] \
    && command -v apt-get >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jdk-headless maven \
    >/dev/null) || echo "note: could not install java and maven; neo4j tests will skip"
fi

# lint first: seconds, and a finding fails the run before the long suite starts
"$PY" -m ruff check . || exit 1

"$PY" -m pytest -q
status=$?
# pytest exits 5 when it collected no tests: that is a broken suite, not a pass
exit $status
