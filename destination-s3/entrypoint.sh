#!/bin/sh
# Launcher of destination-s3 in its image (/airbyte/bin/destination-s3); the jar sits in ../lib next to it.
# JAVA_OPTS, injected by the platform, comes after our defaults so that it can override them.
#
# Collector: on a pod of at most 2 CPUs, the serial collector, unless JAVA_OPTS names one (-XX:+Use...GC). There
# G1, the JVM's own pick from 2 CPUs, grows the heap of a 1 GB, 20-stream Parquet sync in a 2 GiB pod (-Xmx1536m) to
# 1,032 MB of resident memory, where the serial collector keeps it at 866-930 MB, as fast (./run-benchmark.sh
# destination-s3; the image row runs this script). The CPUs are counted as the JVM counts them: the cgroup's CPU
# quota, else the CPUs this process may run on.
set -e
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)

cpus() {
  n=$(nproc 2>/dev/null || echo 1)
  quota=
  if [ -r /sys/fs/cgroup/cpu.max ]; then
    read -r quota period < /sys/fs/cgroup/cpu.max || true
  elif [ -r /sys/fs/cgroup/cpu/cpu.cfs_quota_us ] && [ -r /sys/fs/cgroup/cpu/cpu.cfs_period_us ]; then
    quota=$(cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us)
    period=$(cat /sys/fs/cgroup/cpu/cpu.cfs_period_us)
  fi
  case "$quota" in
    '' | max | -*) ;;
    *) limit=$(( (quota + period - 1) / period ))
       if [ "$limit" -lt "$n" ]; then n=$limit; fi ;;
  esac
  echo "$n"
}

collector=
case " ${JAVA_OPTS} " in
  *-XX:+Use*GC*) ;;
  *) if [ "$(cpus)" -le 2 ]; then collector=-XX:+UseSerialGC; fi ;;
esac
exec java -XX:+ExitOnOutOfMemoryError -XX:MaxRAMPercentage=75.0 ${collector} ${JAVA_OPTS} -jar "$here/../lib/destination-s3.jar" "$@"
