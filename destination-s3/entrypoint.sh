#!/bin/sh
# Launcher of destination-s3 in its image (/airbyte/bin/destination-s3); the jar sits in ../lib next to it.
# JAVA_OPTS, injected by the platform, comes after our defaults so that it can override them.
#
# Collector: on a pod of at most 2 CPUs, the serial collector, unless JAVA_OPTS names one (-XX:+Use...GC), with a
# heap kept close to what is live (free ratios 10-30 % instead of the JVM's 40-70 %). There G1, the JVM's own pick
# from 2 CPUs, grows the heap of a 1 GB, 20-stream Parquet sync in a 2 GiB pod (-Xmx1536m) to 1,032 MB of resident
# memory; the serial collector keeps it at 880-942 MB with the JVM's ratios and at 697-698 MB with these, as fast
# (./run-benchmark.sh destination-s3; the image row runs this script). The CPUs are counted as the JVM counts them:
# the cgroup's CPU quota, else the CPUs this process may run on.
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
# The ratios go together (the JVM refuses a minimum above the maximum): JAVA_OPTS naming either one keeps the JVM's.
ratios=
case " ${JAVA_OPTS} " in
  *HeapFreeRatio*) ;;
  *) if [ -n "$collector" ]; then ratios="-XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30"; fi ;;
esac
exec java -XX:+ExitOnOutOfMemoryError -XX:MaxRAMPercentage=75.0 ${collector} ${ratios} ${JAVA_OPTS} -jar "$here/../lib/destination-s3.jar" "$@"
