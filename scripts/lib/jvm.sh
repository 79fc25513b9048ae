# The gateway's JVM options (issue 16), shared by scripts/gateway and the benchmarks.
#
# Heap, the rule of thumb (README, "Memory"): 48 MiB for the gateway itself plus 640 bytes per
# entry of the community: a household, device or tenancy, counted as the list items of the YAML
# and the data rows of the CSV files it names. Measured (BENCHMARKS.md): the live heap after a
# restart is about 22 MiB for 10,000 households (with their devices and tenancies) and about
# 106 MiB for 100,000; the first launch on an empty store peaks higher (156 MiB for 100,000: the
# first commit writes every household's and device's state at once). The rule gives 62 MiB and
# 192 MiB; the heap starts at 16 MiB and is committed only as the live set needs it, so the
# maximum costs nothing until it is used. With the embedded broker (HiveMQ CE), 64 MiB more: in
# bench-vs-nodered's burst (100,000 events at 10,000 households) the live heap after full
# collections was 38-42 MiB; the 61 MiB heap the rule gives without the broker's share ran it, but
# with 112 full collections of about 60 ms (one every 0.3 s) against 9 at 125 MiB (BENCHMARKS.md,
# "Memory"), and it leaves no room for what the broker holds for receivers (an in-flight window of
# up to 1,000 alerts per session), which that job does not exercise. (The share was first sized
# for Moquette, which kept every routed message on the heap and ran 62 MiB out of memory.)
# `--heap SIZE` (e.g. 256m) or DOORWATCH_HEAP overrides it; DOORWATCH_JAVA_OPTS replaces every
# option below.
#
# Small-box options: the serial collector (one core's worth of GC threads and the least memory
# beside the heap; pauses of a few ms for the young generation of such heaps), the heap grown from
# 16 MiB only as the live set needs it, one Netty arena each (the embedded broker and HTTP share
# two cores), two malloc arenas (MALLOC_ARENA_MAX, set by the caller), and an application class
# data sharing archive (AppCDS) next to the jar: the first `run` after a build writes it when it
# stops, later runs map the classes instead of loading and verifying them (a third less CPU at
# start-up, BENCHMARKS.md).

# community_entries CONFIG: household, device and tenancy entries of CONFIG (0 if unreadable)
community_entries() {
  local config=$1 dir n=0 f lines
  [ -r "$config" ] || { echo 0; return; }
  dir=$(dirname "$config")
  n=$(grep -cE '^[[:space:]]*-[[:space:]]' "$config" || true)
  while IFS= read -r f; do
    [ -n "$f" ] || continue
    case "$f" in /*) ;; *) f="$dir/$f" ;; esac
    if [ -r "$f" ]; then
      lines=$(wc -l <"$f")
      n=$((n + lines - 1))
    fi
  done < <(sed -n 's/.*{[[:space:]]*file:[[:space:]]*"\{0,1\}\([^",} ]*\)"\{0,1\}[[:space:]]*}.*/\1/p' "$config")
  echo "$n"
}

# heap_for CONFIG: the -Xmx value (MiB) of the rule of thumb
heap_for() {
  local entries broker=0
  entries=$(community_entries "$1")
  # the embedded broker: the default, unless the mqtt section names a url (another section's url,
  # a webhook's, does not count)
  if [ ! -r "$1" ] || ! names_broker_url "$1"; then broker=64; fi
  echo $((48 + broker + (entries * 640 + 1048575) / 1048576))
}

# names_broker_url CONFIG: true when the top-level mqtt: section of CONFIG (block or flow style) has
# a url: key, i.e. the gateway uses an external broker
names_broker_url() {
  awk '
    /^[^[:space:]#]/ { in_mqtt = ($0 ~ /^mqtt:/) }
    in_mqtt {
      line = $0; sub(/#.*/, "", line)
      if (line ~ /(^|[[:space:]{,])url:/) { found = 1; exit }
    }
    END { exit !found }' "$1"
}

# gateway_jvm_opts JAR HEAP_MIB COMMAND: prints the JVM options, one per line. For `run` without an
# archive (or with one older than the jar) it asks for the archive to be written at exit, to
# "$JAR.jsa.tmp.PID" (the caller renames it once the JVM has stopped).
gateway_jvm_opts() {
  local jar=$1 heap=$2 command=$3 jsa="${1%.jar}.jsa"
  printf '%s\n' "-Xmx${heap}m" -Xms16m -XX:+UseSerialGC -XX:MinHeapFreeRatio=20 -XX:MaxHeapFreeRatio=40 \
    -Dio.netty.allocator.numDirectArenas=1 -Dio.netty.allocator.numHeapArenas=1 \
    -Xlog:disable -Xlog:all=warning:stderr -Xlog:cds*=off:stderr
  if [ -f "$jsa" ] && [ "$jsa" -nt "$jar" ]; then
    printf '%s\n' "-XX:SharedArchiveFile=$jsa"
  elif [ "$command" = run ] && [ -w "$(dirname "$jar")" ]; then
    printf '%s\n' "-XX:ArchiveClassesAtExit=$jsa.tmp.$$"
  fi
}
