#!/usr/bin/env bash
# Runs every test: unit tests, integration tests against the local emulators (kinesis-mock, S3Proxy) and protocol
# tests against the built connector jars. Needs Java 17+, Maven 3.8+, Node 20+ and npm; no AWS account, no Docker
# (the LocalStack tests are skipped without Docker).
set -euo pipefail
cd "$(dirname "$0")"
start=$(date +%s)
echo "Building and testing every module (mvn verify); emulators are started by the tests on loopback ports."
mvn -B -ntp verify "$@"
echo "All tests passed in $(( $(date +%s) - start )) s."
