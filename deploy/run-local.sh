#!/usr/bin/env bash
# Builds what the local run needs and runs the whole system on this machine, without Docker: a Kafka
# broker, PostgreSQL, an SMTP server, a page with every message sent, and the three services.
# Pass --demo to set up a candidate whose first reminders arrive within a minute.
# Ctrl-C stops everything. Data lives in .local-stack/ (delete it to start afresh).
# Extra Maven options go in MAVEN_ARGS, e.g. MAVEN_ARGS=-o for an offline build.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -ntp package -Dmaven.test.skip=true \
  -pl deploy/local-stack,interview-service,schedule-service,notification-service -am
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -jar deploy/local-stack/target/followup-local-stack.jar "$@"
