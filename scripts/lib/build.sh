# Shared by the launchers: find Java 17+, and build a module's jar with Maven when it is
# missing or older than any main source or pom. Build output goes to stderr so that a
# command's stdout (replay's alerts) stays clean. Also free loopback ports for the scripts that
# start their own gateway or broker.

require_java() {
  if ! command -v java >/dev/null 2>&1; then
    echo "$(basename "$0"): java not found; install JDK 17 (e.g. apt-get install -y openjdk-17-jdk-headless)" >&2
    exit 1
  fi
  local v
  v=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  if [ -z "$v" ] || [ "${v%%.*}" -lt 17 ] 2>/dev/null; then
    echo "$(basename "$0"): Java 17 or newer is needed, found ${v:-unknown}" >&2
    exit 1
  fi
}

# needs_build JAR: true when JAR is missing or a main source or pom is newer.
needs_build() {
  local jar=$1
  [ -f "$jar" ] || return 0
  [ -n "$(find "$DOORWATCH_ROOT" -maxdepth 1 -name pom.xml -newer "$jar" -print -quit)" ] && return 0
  [ -n "$(find "$DOORWATCH_ROOT"/alert-rules "$DOORWATCH_ROOT"/device-drivers "$DOORWATCH_ROOT"/gateway-core \
      "$DOORWATCH_ROOT"/simulator \( -path '*/src/main/*' -o -name pom.xml \) -newer "$jar" -print -quit 2>/dev/null)" ]
}

# build_module MODULE: packages MODULE and what it depends on, tests skipped.
build_module() {
  if ! command -v mvn >/dev/null 2>&1; then
    echo "$(basename "$0"): mvn not found; install Maven 3.8+ (apt-get install -y maven)" >&2
    exit 1
  fi
  echo "$(basename "$0"): building $1 (first use or sources changed) ..." >&2
  (cd "$DOORWATCH_ROOT" && mvn -q -B -ntp -Dstyle.color=never -DskipTests -pl "$1" -am package) >&2
}

# free_port: a TCP port on loopback that nothing listens on now (for a broker, HTTP).
free_port() {
  local p
  while :; do
    p=$(shuf -i 20000-60000 -n 1)
    if ! (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; then echo "$p"; return; fi
  done
}

# udp_free PORT: true when no UDP socket is bound to PORT (a connect cannot tell for UDP).
udp_free() { ! grep -qi "^ *[0-9]*: [0-9A-F]*:$(printf '%04X' "$1") " /proc/net/udp /proc/net/udp6 2>/dev/null; }
