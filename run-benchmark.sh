#!/usr/bin/env bash
# Runs one of the benchmark harnesses (commands that print figures; they are not tests).
#
#   ./run-benchmark.sh destination-kinesis [-Dprop=value ...] [args ...]   connector vs bare SDK PutRecords loop
#   ./run-benchmark.sh destination-s3      [-Dbench.mb=1000 ...]           connector vs bare library writers, ~1 GB
#   ./run-benchmark.sh source-kinesis      [-Dbench.cases=memory,memory-kpl] connector vs bare Jackson over an in-memory Kinesis
#   ./run-benchmark.sh file-format         [-Dbench.records=30000 ...]     FormatWriter vs bare library writers
#   ./run-benchmark.sh connector-commons   [-Dbench.mb=100 ...]            the runner's stdin path vs a bare read loop
#   ./run-benchmark.sh sample-files        [directory]                     writes sample files of every format for
#                                                                          other readers (file-format/tools/interop.py)
#
# Options of each harness are in its user guide (docs/) and its Javadoc. The script builds the module and what it
# depends on (tests skipped), then runs the harness on the module's test classpath from the module's directory.
set -euo pipefail
cd "$(dirname "$0")"

usage() { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
[ $# -ge 1 ] || usage
harness=$1; shift
case "$harness" in
  destination-kinesis) module=$harness; main=dev.awsconnectors.destination.kinesis.bench.KinesisBenchmark ;;
  destination-s3)      module=$harness; main=dev.awsconnectors.destination.s3.bench.S3Benchmark ;;
  source-kinesis)      module=$harness; main=dev.awsconnectors.source.kinesis.ReadBenchmark ;;
  file-format)         module=$harness; main=dev.awsconnectors.format.bench.FormatBenchmark ;;
  connector-commons)   module=$harness; main=dev.awsconnectors.commons.runtime.InputBenchmark ;;
  sample-files)        module=file-format; main=dev.awsconnectors.format.bench.SampleFiles ;;
  *) usage ;;
esac

jvm_options=()
while [ $# -gt 0 ] && [[ "$1" == -D* || "$1" == -X* ]]; do jvm_options+=("$1"); shift; done

echo "==> Building $module and its dependencies (mvn package, tests skipped)"
mvn -q -B -ntp -DskipTests -pl "$module" -am package dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/benchmark.classpath
classpath="target/test-classes:target/classes:$(cat "$module/target/benchmark.classpath")"

echo "==> Running $main ${jvm_options[*]:-} $*"
cd "$module"
exec java "${jvm_options[@]}" -cp "$classpath" "$main" "$@"
