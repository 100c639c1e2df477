#!/usr/bin/env bash
# The main job: a real end-to-end sync on local emulators, no AWS account needed.
#   typed sample records -> destination-kinesis -> Kinesis (kinesis-mock) -> source-kinesis (schema inferred, records
#   flattened) -> destination-s3 -> Parquet in S3 (S3Proxy)
# then a second round that moves only the new records; the summary shows the Parquet columns with their types and a
# query over them (embedded DuckDB). Output goes to ./demo-output, replaced only when a run succeeds: an interrupted
# or failed run (Ctrl-C, kill) leaves the previous output as it was.
# Needs Java 17+, Maven 3.8+, Node.js 20+ with npm.
set -euo pipefail
cd "$(dirname "$0")"
echo "==> Building the three connector jars and the demo (mvn package, tests skipped; the first build downloads dependencies)"
mvn -B -q -ntp -DskipTests package -pl e2e-demo -am
echo "==> Running the end-to-end demo"
exec java -jar e2e-demo/target/e2e-demo.jar "$PWD"
