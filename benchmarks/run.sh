#!/usr/bin/env bash
# Builds the schedule-service and the benchmark, then measures the durable timers on the packaged
# service against db-scheduler. Options (see --help) go to the benchmark; a full run takes about
# ten minutes on two cores. Set MAVEN_ARGS (e.g. -o) to pass options to Maven.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
./mvnw -B -q ${MAVEN_ARGS:-} -pl benchmarks -am package -DskipTests
exec java -Xmx3g -jar benchmarks/target/followup-benchmarks.jar --root "$root" "$@"
