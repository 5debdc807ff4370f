#!/usr/bin/env bash
# Builds the services and runs the whole system locally, without Docker:
# Kafka, PostgreSQL, an SMTP server with a web page, and the three services.
# Pass --demo to record and complete a sample interview once everything is up.
# Ctrl-C stops everything. Data lives in .local-stack/ (delete it to start afresh).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -ntp package -DskipTests
exec java -jar deploy/local-stack/target/followup-local-stack.jar "$@"
