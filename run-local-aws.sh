#!/usr/bin/env bash
# Local AWS for trying the connectors by hand, no AWS account and no Docker: kinesis-mock (Kinesis) and S3Proxy (S3)
# on 127.0.0.1 only, in the background, plus ready-to-use connector configs.
#
#   ./run-local-aws.sh start    install what is missing, start both, create the bucket, write the configs
#   ./run-local-aws.sh status   what runs where
#   ./run-local-aws.sh stop     stop both; S3 objects stay under .local-aws/s3, Kinesis streams are forgotten
#
# Needs Java 17+, Maven 3.8+ and Node.js 20+ with npm (each emulator is installed once, as the tests install it:
# kinesis-mock from npm into ~/.cache/aws-connectors/kinesis-mock, S3Proxy from Maven Central into ~/.m2), and curl.
# Environment: KINESIS_PORT (4567), KINESIS_TLS_PORT (4568, kinesis-mock always opens it), S3_PORT (4569),
# S3_BUCKET (local-bucket), LOCAL_AWS_DIR (state: pid files, logs, configs, S3 data; default .local-aws here),
# KINESIS_MOCK_HOME (the kinesis-mock install). The files in */examples/ assume the default ports and bucket.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")" && pwd)
STATE=${LOCAL_AWS_DIR:-$ROOT/.local-aws}
SETTINGS=$STATE/settings  # the ports and bucket of the emulators that run, written by start
SETTING_NAMES=(KINESIS_PORT KINESIS_TLS_PORT S3_PORT S3_BUCKET)
REQUESTED_KINESIS_PORT=${KINESIS_PORT-} REQUESTED_KINESIS_TLS_PORT=${KINESIS_TLS_PORT-}
REQUESTED_S3_PORT=${S3_PORT-} REQUESTED_S3_BUCKET=${S3_BUCKET-}
KINESIS_PORT=${KINESIS_PORT:-4567}
KINESIS_TLS_PORT=${KINESIS_TLS_PORT:-4568}
S3_PORT=${S3_PORT:-4569}
S3_BUCKET=${S3_BUCKET:-local-bucket}
REGION=us-east-1
# S3Proxy checks SigV4 signatures against these; kinesis-mock accepts any credentials. Same as the tests' emulators.
ACCESS_KEY=local-access
SECRET_KEY=local-secret
KINESIS_MOCK_HOME=${KINESIS_MOCK_HOME:-$HOME/.cache/aws-connectors/kinesis-mock}
KINESIS_MOCK_PINS=$ROOT/connector-testkit/src/main/resources/kinesis-mock
START_TIMEOUT_SECONDS=60
EMPTY_SHA256=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855

say() { printf '==> %s\n' "$*"; }
info() { printf '    %s\n' "$*"; }
die() { printf 'run-local-aws: %s\n' "$*" >&2; exit 1; }

usage() {
  cat >&2 <<EOF
Usage: ./run-local-aws.sh start|stop|status

  start   install what is missing, start kinesis-mock (http://127.0.0.1:$KINESIS_PORT) and S3Proxy
          (http://127.0.0.1:$S3_PORT) in the background, create bucket '$S3_BUCKET', write connector configs
          into ${STATE#"$ROOT"/}/; harmless when already running
  status  what runs where
  stop    stop both emulators (S3 objects stay under ${STATE#"$ROOT"/}/s3, Kinesis streams are forgotten)

Ports, bucket and state directory: KINESIS_PORT, KINESIS_TLS_PORT, S3_PORT, S3_BUCKET, LOCAL_AWS_DIR.
EOF
  exit 2
}

need() {
  command -v "$1" >/dev/null 2>&1 || die "'$1' is not installed: $2"
}

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | cut -d' ' -f1; else shasum -a 256 "$1" | cut -d' ' -f1; fi
}

# --- processes ------------------------------------------------------------------------------------------------------

# Per service (kinesis-mock, s3proxy): its pid file, its log, a word of its command line (so that a recycled pid is
# never taken for ours) and its name in messages.
pid_file() { echo "$STATE/$1.pid"; }
log_file() { echo "$STATE/$1.log"; }
signature() { case $1 in kinesis-mock) echo "kinesis-local/main.js" ;; s3proxy) echo "s3proxy" ;; esac; }
label() { case $1 in kinesis-mock) echo "kinesis-mock" ;; s3proxy) echo "S3Proxy" ;; esac; }

# The pid of the running service, or nothing (a stale pid file is removed).
running_pid() {
  local file pid
  file=$(pid_file "$1")
  [[ -f $file ]] || return 0
  pid=$(<"$file")
  if [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null \
      && ps -p "$pid" -o args= 2>/dev/null | grep -qF "$(signature "$1")"; then
    echo "$pid"
  else
    rm -f "$file"
  fi
}

port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Addresses the process listens on, e.g. "127.0.0.1:4567 127.0.0.1:4568" (empty when no tool can tell).
listen_addresses() {
  if command -v ss >/dev/null 2>&1; then
    ss -Hltnp 2>/dev/null | awk -v pid="pid=$1," 'index($0, pid) { print $4 }' | sort -u | paste -sd' ' -
  elif command -v lsof >/dev/null 2>&1; then
    lsof -nP -a -p "$1" -iTCP -sTCP:LISTEN -Fn 2>/dev/null | sed -n 's/^n//p' | sort -u | paste -sd' ' -
  fi
}

stop_service() {
  local name=$1 pid waited=0
  pid=$(running_pid "$name")
  if [[ -z $pid ]]; then
    info "$(label "$name") was not running"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null && (( waited < 100 )); do sleep 0.1; waited=$((waited + 1)); done
  if kill -0 "$pid" 2>/dev/null; then
    info "$(label "$name") (pid $pid) did not stop within 10 s: killing it"
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  fi
  rm -f "$(pid_file "$name")"
  info "stopped $(label "$name") (pid $pid)"
}

# Waits until `probe` succeeds; fails at once, with the log's tail, if the process exits.
await_ready() {
  local name=$1 pid=$2 probe=$3 deadline=$((SECONDS + START_TIMEOUT_SECONDS))
  until $probe; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$(pid_file "$name")"
      die "$(label "$name") exited while starting; the end of $(log_file "$name"):
$(tail -n 20 "$(log_file "$name")")"
    fi
    if (( SECONDS >= deadline )); then
      stop_service "$name"
      die "$(label "$name") did not answer within $START_TIMEOUT_SECONDS s; see $(log_file "$name")"
    fi
    sleep 0.2
  done
}

# After the probe answered: the process itself listens on its port (not another program that took the port
# meanwhile), and on 127.0.0.1 only (kinesis-mock hard-codes 0.0.0.0; the preload must have worked).
check_listening() {
  local name=$1 pid=$2 port=$3 addresses
  if ! command -v ss >/dev/null 2>&1 && ! command -v lsof >/dev/null 2>&1; then
    info "(neither ss nor lsof is installed: cannot show the addresses $(label "$name") listens on)"
    return 0
  fi
  addresses=$(listen_addresses "$pid")
  if [[ " $addresses" != *":$port "* && " $addresses" != *":$port" ]]; then
    stop_service "$name"
    die "$(label "$name") does not listen on port $port (${addresses:-no port at all}): is another program using it? See $(log_file "$name")"
  elif [[ $addresses =~ (^|[[:space:]])(\*|0\.0\.0\.0|\[::\]|::): ]]; then
    stop_service "$name"
    die "$(label "$name") listened on every interface ($addresses); stopped it"
  fi
  info "$(label "$name") listens on $addresses only"
}

ensure_port_free() {
  local holder=
  if port_open "$1"; then
    command -v ss >/dev/null 2>&1 \
      && holder=$(ss -Hltnp "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | sed 's/pid=/ (pid /; s/$/)/')
    die "port $1 is already in use by another program$holder; stop it or choose another port with $2=<port>"
  fi
}

# --- installation ---------------------------------------------------------------------------------------------------

# The testkit's installation (same directory, same marker), so tests and this script share one copy.
install_kinesis_mock() {
  local lock=$KINESIS_MOCK_PINS/package-lock.json fingerprint marker=$KINESIS_MOCK_HOME/.installed
  local version
  version=$(sed -n 's/.*"kinesis-local" *: *"\([^"]*\)".*/\1/p' "$KINESIS_MOCK_PINS/package.json")
  fingerprint=$(sha256 "$lock")
  if [[ -f $marker && $(<"$marker") == "$fingerprint" && -f $KINESIS_MOCK_HOME/node_modules/kinesis-local/main.js ]]; then
    info "kinesis-mock (npm kinesis-local $version) is installed in $KINESIS_MOCK_HOME"
    return 0
  fi
  need npm "install npm (it comes with Node.js), then run this again"
  say "Installing kinesis-mock (npm kinesis-local $version) into $KINESIS_MOCK_HOME"
  mkdir -p "$KINESIS_MOCK_HOME"
  cp "$KINESIS_MOCK_PINS/package.json" "$lock" "$KINESIS_MOCK_HOME/"
  (cd "$KINESIS_MOCK_HOME" && npm ci --no-audit --no-fund --loglevel=error) \
    || die "npm ci failed in $KINESIS_MOCK_HOME (is the npm registry reachable?)"
  printf '%s' "$fingerprint" >"$marker"
}

S3PROXY_JAR=
install_s3proxy() {
  local version artifact repo
  version=$(sed -n 's:.*<s3proxy.version>\(.*\)</s3proxy.version>.*:\1:p' "$ROOT/pom.xml")
  artifact=org/gaul/s3proxy/$version/s3proxy-$version-jar-with-dependencies.jar
  repo=${MAVEN_REPOSITORY:-$HOME/.m2/repository}
  if [[ ! -f $repo/$artifact ]]; then
    need mvn "install Maven 3.8+, then run this again"
    say "Downloading S3Proxy $version (executable jar, 55 MB, once) from Maven Central into the Maven repository"
    mvn -B -q -ntp -Dstyle.color=never -N -f "$ROOT/pom.xml" \
      org.apache.maven.plugins:maven-dependency-plugin:3.9.0:get \
      -Dartifact="org.gaul:s3proxy:$version:jar:jar-with-dependencies" -Dtransitive=false \
      || die "could not download S3Proxy $version from Maven Central (the output above says why)"
    if [[ ! -f $repo/$artifact ]]; then  # a settings.xml that moves the local repository
      repo=$(mvn -B -q -ntp -Dstyle.color=never -N -f "$ROOT/pom.xml" help:evaluate \
        -Dexpression=settings.localRepository -DforceStdout)
    fi
  fi
  [[ -f $repo/$artifact ]] || die "S3Proxy is not at $repo/$artifact"
  S3PROXY_JAR=$repo/$artifact
  info "S3Proxy $version: $S3PROXY_JAR"
}

# --- start ----------------------------------------------------------------------------------------------------------

kinesis_healthy() { curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:$KINESIS_PORT/healthcheck"; }
s3_answers() { [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$S3_PORT/" || true) != 000 ]]; }

# Started by this invocation: stopped again if the start fails or is interrupted.
STARTED=()
undo_start() {
  local code=$? name
  trap - EXIT INT TERM
  if (( code != 0 )) && (( ${#STARTED[@]} > 0 )); then
    if (( code == 130 )); then say "Interrupted: stopping what this start began"; else say "Start failed: stopping what it began"; fi
    for name in "${STARTED[@]}"; do stop_service "$name"; done
  fi
  exit "$code"
}

# Runs a command in the background, detached from this terminal (its own session where setsid exists, so that neither
# Ctrl-C nor closing the terminal reaches it), from the state directory, output to its log. The pid file is written
# before the command starts and names the command itself (exec keeps the pid), so an interrupted start can undo it.
launch() {
  local name=$1 detach=(nohup)
  shift
  command -v setsid >/dev/null 2>&1 && detach=(setsid)
  STARTED+=("$name")
  (exec sh -c 'echo $$ >"$1" && cd "$2" && shift 2 && exec "$@"' launch "$(pid_file "$name")" "$STATE" \
    "${detach[@]}" "$@" </dev/null >"$(log_file "$name")" 2>&1) &
  while [[ ! -s $(pid_file "$name") ]]; do sleep 0.05; done
}

start_kinesis_mock() {
  local pid
  pid=$(running_pid kinesis-mock)
  if [[ -n $pid ]]; then
    info "kinesis-mock is already running (pid $pid)"
    return 0
  fi
  say "Starting kinesis-mock on http://127.0.0.1:$KINESIS_PORT (its TLS port: $KINESIS_TLS_PORT)"
  # kinesis-mock calls listen(port) with no host, which means every interface; this preload (shared with the tests'
  # testkit) makes it listen on 127.0.0.1 only.
  cp "$ROOT/connector-testkit/src/main/resources/kinesis-mock/loopback-only.cjs" "$STATE/loopback-only.cjs"
  local home=$KINESIS_MOCK_HOME/node_modules/kinesis-local
  launch kinesis-mock env KINESIS_MOCK_PLAIN_PORT="$KINESIS_PORT" KINESIS_MOCK_TLS_PORT="$KINESIS_TLS_PORT" \
    KINESIS_MOCK_CERT_PATH="$home/server.json" LOG_LEVEL=WARN SHOULD_PERSIST_DATA=false AWS_REGION="$REGION" \
    CREATE_STREAM_DURATION=50ms DELETE_STREAM_DURATION=50ms UPDATE_SHARD_COUNT_DURATION=50ms \
    MERGE_SHARDS_DURATION=50ms SPLIT_SHARD_DURATION=50ms \
    node --require "$STATE/loopback-only.cjs" "$home/main.js"
  pid=$(<"$(pid_file kinesis-mock)")
  await_ready kinesis-mock "$pid" kinesis_healthy
  info "kinesis-mock is ready (pid $pid, log ${STATE#"$ROOT"/}/kinesis-mock.log)"
  check_listening kinesis-mock "$pid" "$KINESIS_PORT"
}

start_s3proxy() {
  local pid
  pid=$(running_pid s3proxy)
  if [[ -n $pid ]]; then
    info "S3Proxy is already running (pid $pid)"
    return 0
  fi
  say "Starting S3Proxy on http://127.0.0.1:$S3_PORT (objects stored as files under ${STATE#"$ROOT"/}/s3)"
  mkdir -p "$STATE/s3" "$STATE/tmp"
  cat >"$STATE/s3proxy.properties" <<EOF
# Written by run-local-aws.sh. SigV4 with the credentials below; objects are files under s3/<bucket>/.
s3proxy.endpoint=http://127.0.0.1:$S3_PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$ACCESS_KEY
s3proxy.credential=$SECRET_KEY
s3proxy.ignore-unknown-headers=true
jclouds.provider=filesystem-nio2
jclouds.filesystem.basedir=$STATE/s3
jclouds.identity=unused
jclouds.credential=unused
EOF
  launch s3proxy env LOG_LEVEL=warn java -Xmx512m -Djava.io.tmpdir="$STATE/tmp" -jar "$S3PROXY_JAR" \
    --properties "$STATE/s3proxy.properties"
  pid=$(<"$(pid_file s3proxy)")
  await_ready s3proxy "$pid" s3_answers
  info "S3Proxy is ready (pid $pid, log ${STATE#"$ROOT"/}/s3proxy.log)"
  check_listening s3proxy "$pid" "$S3_PORT"
}

# HEAD or PUT of an empty body, signed with SigV4 as any S3 client does; prints the HTTP status.
s3_request() {
  local method=(-X "$1")
  [[ $1 == HEAD ]] && method=(--head)
  curl -s -o /dev/null -w '%{http_code}' --max-time 10 "${method[@]}" --aws-sigv4 "aws:amz:$REGION:s3" \
    -u "$ACCESS_KEY:$SECRET_KEY" -H "x-amz-content-sha256: $EMPTY_SHA256" "http://127.0.0.1:$S3_PORT/$2" || true
}

create_bucket() {
  local status
  status=$(s3_request HEAD "$S3_BUCKET")
  if [[ $status == 200 ]]; then
    info "bucket '$S3_BUCKET' exists"
    return 0
  fi
  status=$(s3_request PUT "$S3_BUCKET")
  [[ $status == 200 ]] || die "creating bucket '$S3_BUCKET' failed with HTTP $status; see $(log_file s3proxy)"
  info "created bucket '$S3_BUCKET'"
}

# The examples' configs with this run's ports and bucket: one source of truth for both.
write_configs() {
  local connector
  for connector in destination-kinesis source-kinesis destination-s3; do
    sed -e "s#http://127.0.0.1:4567#http://127.0.0.1:$KINESIS_PORT#g" \
        -e "s#http://127.0.0.1:4569#http://127.0.0.1:$S3_PORT#g" \
        -e "s#\"local-bucket\"#\"$S3_BUCKET\"#g" \
        "$ROOT/$connector/examples/config.json" >"$STATE/$connector.json"
  done
}

print_next_steps() {
  local dir=${STATE#"$ROOT"/} jars_missing=
  for connector in destination-kinesis source-kinesis destination-s3; do
    [[ -f $ROOT/$connector/target/$connector.jar ]] || jars_missing=1
  done
  cat <<EOF

Local AWS is running:
  Kinesis  http://127.0.0.1:$KINESIS_PORT   region $REGION, any access key (kinesis-mock)
  S3       http://127.0.0.1:$S3_PORT   bucket '$S3_BUCKET', access key '$ACCESS_KEY', secret '$SECRET_KEY' (S3Proxy)
Connector configs pointing at it:
  $dir/destination-kinesis.json
  $dir/source-kinesis.json
  $dir/destination-s3.json

Next (from $ROOT; README.md "Try a connector by hand" explains each step):
EOF
  [[ -z $jars_missing ]] || echo "  mvn -B -ntp -DskipTests package        # builds the three connector jars (a few minutes the first time)"
  cat <<EOF
  java -jar destination-kinesis/target/destination-kinesis.jar check --config $dir/destination-kinesis.json
  java -jar destination-kinesis/target/destination-kinesis.jar write --config $dir/destination-kinesis.json \\
      --catalog destination-kinesis/examples/configured_catalog.json < destination-kinesis/examples/messages.jsonl
  java -jar source-kinesis/target/source-kinesis.jar read --config $dir/source-kinesis.json \\
      --catalog source-kinesis/examples/configured_catalog.json
  java -jar destination-s3/target/destination-s3.jar write --config $dir/destination-s3.json \\
      --catalog destination-s3/examples/configured_catalog.json < destination-s3/examples/messages.jsonl
  find $dir/s3/$S3_BUCKET -type f          # the files destination-s3 wrote
  ./run-local-aws.sh stop
EOF
}

start() {
  need java "install Java 17+, then run this again"
  need node "install Node.js 20+ with npm (https://nodejs.org), then run this again"
  need curl "install curl, then run this again"
  mkdir -p "$STATE"
  trap undo_start EXIT
  trap 'exit 130' INT TERM
  say "Installing the emulators if needed"
  install_kinesis_mock
  install_s3proxy
  if [[ -z $(running_pid kinesis-mock) ]]; then
    ensure_port_free "$KINESIS_PORT" KINESIS_PORT
    ensure_port_free "$KINESIS_TLS_PORT" KINESIS_TLS_PORT
  fi
  [[ -n $(running_pid s3proxy) ]] || ensure_port_free "$S3_PORT" S3_PORT
  save_settings
  start_kinesis_mock
  start_s3proxy
  say "Creating the bucket and writing the connector configs into ${STATE#"$ROOT"/}/"
  create_bucket
  write_configs
  trap - EXIT INT TERM
  print_next_steps
}

# --- status and stop ------------------------------------------------------------------------------------------------

status() {
  local pid all=0
  pid=$(running_pid kinesis-mock)
  if [[ -n $pid ]] && kinesis_healthy; then
    echo "kinesis-mock  running, pid $pid, http://127.0.0.1:$KINESIS_PORT (listening on $(listen_addresses "$pid"))"
  elif [[ -n $pid ]]; then
    echo "kinesis-mock  running, pid $pid, but not answering on http://127.0.0.1:$KINESIS_PORT/healthcheck"; all=1
  else
    echo "kinesis-mock  stopped$(port_open "$KINESIS_PORT" && echo " (port $KINESIS_PORT is used by another program)")"
    all=1
  fi
  pid=$(running_pid s3proxy)
  if [[ -n $pid ]] && s3_answers; then
    echo "S3Proxy       running, pid $pid, http://127.0.0.1:$S3_PORT, bucket '$S3_BUCKET' (listening on $(listen_addresses "$pid"))"
  elif [[ -n $pid ]]; then
    echo "S3Proxy       running, pid $pid, but not answering on http://127.0.0.1:$S3_PORT"; all=1
  else
    echo "S3Proxy       stopped$(port_open "$S3_PORT" && echo " (port $S3_PORT is used by another program)")"
    all=1
  fi
  echo "State, logs and configs: $STATE"
  return $(( all ? 3 : 0 ))  # 3: not (fully) running, as init scripts say
}

stop() {
  say "Stopping the local emulators"
  stop_service kinesis-mock
  stop_service s3proxy
  rm -rf "$STATE/tmp" "$SETTINGS"
  info "S3 objects are kept under $STATE/s3 (delete $STATE to start afresh)"
}

# While an emulator runs, its settings are those it was started with; start refuses to change them silently.
adopt_running_settings() {
  local name saved requested
  [[ -f $SETTINGS ]] || return 0
  [[ -n $(running_pid kinesis-mock) || -n $(running_pid s3proxy) ]] || return 0
  for name in "${SETTING_NAMES[@]}"; do
    saved=$(sed -n "s/^$name=//p" "$SETTINGS")
    [[ -n $saved ]] || continue
    requested=REQUESTED_$name
    if [[ $1 == start && -n ${!requested} && ${!requested} != "$saved" ]]; then
      die "the emulators run with $name=$saved: './run-local-aws.sh stop' first to change it"
    fi
    printf -v "$name" '%s' "$saved"
  done
}

save_settings() {
  local name
  for name in "${SETTING_NAMES[@]}"; do printf '%s=%s\n' "$name" "${!name}"; done >"$SETTINGS"
}

case ${1:-} in
  start) adopt_running_settings start; start ;;
  stop) adopt_running_settings stop; stop ;;
  status) adopt_running_settings status; status ;;
  *) usage ;;
esac
