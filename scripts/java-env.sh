# Sourced by the project's scripts: exports JAVA_HOME pointing at a JDK >= 21.
# Order: $JAVA_HOME, then the JDKs installed beside the default `java`
# (on Debian the default is 17 and newer JDKs sit next to it under /usr/lib/jvm).

sluice_java_major() {
  # Prints the major version of the java binary $1, or nothing if it does not run.
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

sluice_find_jdk() {
  local required=21 candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(sluice_java_major "$JAVA_HOME/bin/java")
    if [ -n "$major" ] && [ "$major" -ge "$required" ]; then
      printf '%s\n' "$JAVA_HOME"
      return 0
    fi
  fi
  local default_java jvm_dir
  default_java=$(command -v java 2>/dev/null || true)
  if [ -n "$default_java" ]; then
    # .../jvm/<jdk>/bin/java -> .../jvm
    jvm_dir=$(dirname "$(dirname "$(dirname "$(readlink -f "$default_java")")")")
  else
    jvm_dir=/usr/lib/jvm
  fi
  for candidate in "$jvm_dir"/*; do
    [ -x "$candidate/bin/javac" ] || continue
    major=$(sluice_java_major "$candidate/bin/java")
    [ -n "$major" ] || continue
    if [ "$major" -ge "$required" ] && [ "$major" -gt "$best_major" ]; then
      best=$candidate
      best_major=$major
    fi
  done
  if [ -n "$best" ]; then
    printf '%s\n' "$best"
    return 0
  fi
  echo "Sluice needs a JDK 21 or newer, and found none: JAVA_HOME is '${JAVA_HOME:-unset}' and no JDK >= 21 is installed in $jvm_dir; install one (for example 'apt-get install openjdk-21-jdk-headless' or a Temurin 21+) or point JAVA_HOME at it." >&2
  return 1
}

if ! SLUICE_JAVA_HOME=$(sluice_find_jdk); then
  exit 1
fi
export JAVA_HOME="$SLUICE_JAVA_HOME"
export PATH="$JAVA_HOME/bin:$PATH"
# Native libraries (leveldbjni, libsecp256k1) are loaded through JNI; JDK 24+ warns on
# every such load unless native access is granted explicitly.
export MAVEN_OPTS="${MAVEN_OPTS:-} --enable-native-access=ALL-UNNAMED"
