#!/usr/bin/env bash
# Runs the JMH benchmarks (make bench). Extra arguments go to JMH, e.g. a benchmark regex.
set -euo pipefail
cd "$(dirname "$0")"
# One jar whose manifest names the others (target/lib): JMH's forks inherit a short class path,
# which ONNX Runtime needs (it crashes the JVM when the command line is over ~4,000 characters).
exec java -cp target/custos-bench.jar org.openjdk.jmh.Main -rf json -rff target/jmh-result.json "$@"
