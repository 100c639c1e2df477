#!/bin/sh
# Launcher of destination-kinesis in its image (/airbyte/bin/destination-kinesis); the jar sits in ../lib next to it.
# JAVA_OPTS, injected by the platform, comes after our defaults so that it can override them.
set -e
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
exec java -XX:+ExitOnOutOfMemoryError -XX:MaxRAMPercentage=75.0 ${JAVA_OPTS} -jar "$here/../lib/destination-kinesis.jar" "$@"
