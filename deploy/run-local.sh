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

# The launcher runs in a process group of its own (job control on), so that Ctrl-C reaches this
# script alone and not, at the same moment, the broker and the services the launcher started: the
# launcher then stops them in order (services first, while Kafka and PostgreSQL are still there
# for their last sends and commits; then the sinks, PostgreSQL and Kafka).
set -m
"${JAVA_HOME:+$JAVA_HOME/bin/}java" -jar deploy/local-stack/target/followup-local-stack.jar "$@" &
launcher=$!
# Passed on as received: the launcher stops everything, then exits as that signal asks (130 for
# Ctrl-C).
for signal in INT TERM HUP; do
  trap "kill -$signal $launcher 2>/dev/null || true" "$signal"
done
status=0
# wait returns early when a trapped signal arrives: wait again until the launcher has ended.
while kill -0 "$launcher" 2>/dev/null; do
  wait "$launcher" || status=$?
done
exit "$status"
