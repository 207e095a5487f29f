#!/usr/bin/env bash
# Runs the JMH benchmarks (make bench). Extra arguments go to JMH, e.g. a benchmark regex.
set -euo pipefail
cd "$(dirname "$0")"
CP="target/classes:$(cat target/bench.classpath)"
exec java -cp "$CP" org.openjdk.jmh.Main -rf json -rff target/jmh-result.json "$@"
