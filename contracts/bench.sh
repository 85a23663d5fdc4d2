#!/usr/bin/env bash
# Contract benchmarks (issue 5 figures): ./contracts/bench.sh  (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."
source ./scripts/find-jdk.sh
export JAVA_HOME
./mvnw -q -B -pl contracts -am compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
EXTRA=""
if [ "$(_parley_java_major "$JAVA_HOME")" -ge 24 ]; then EXTRA="--sun-misc-unsafe-memory-access=allow"; fi
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED $EXTRA -Dorg.apache.tuweni.crypto.useSodium=false \
  -cp "contracts/target/classes:$(cat contracts/target/bench.classpath)" \
  io.parley.contracts.bench.ContractBench contracts/examples
