# Sourced by ./parley and .ci/run: sets JAVA_HOME to a JDK >= 21.
# Order: $JAVA_HOME, the java on PATH, then JDKs under /usr/lib/jvm (newest first).
_parley_java_major() {
  "$1/bin/java" -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit}'
}
_parley_pick_jdk() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" \
      "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")" 2>/dev/null)" \
      $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    candidate="${candidate%/}"
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(_parley_java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}
if ! JAVA_HOME=$(_parley_pick_jdk); then
  echo "error: Parley needs a JDK 21 or newer. Install one (e.g. Temurin 21) or set JAVA_HOME." >&2
  exit 1
fi
