# Sourced by ./lrnn, ./run-tests and .ci/run: finds a JDK 25+ and exports JAVA_HOME and PATH.
# Order: $JAVA_HOME if it is 25+, then the usual install folders. Fails with one line saying what to install.
lrnn_java_version() { # prints the feature version of the java at $1/bin/java, or nothing
  [ -x "$1/bin/java" ] || return 0
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}
lrnn_find_java() {
  local c v
  for c in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-2[5-9]* /usr/lib/jvm/java-2[5-9]* \
           /usr/lib/jvm/jdk-2[5-9]* /opt/java/openjdk /opt/jdk-2[5-9]* "$HOME"/.sdkman/candidates/java/2[5-9]* \
           /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -n "$c" ] && [ -d "$c" ] || continue
    v=$(lrnn_java_version "$c")
    if [ -n "$v" ] && [ "$v" -ge 25 ] && [ -x "$c/bin/javac" ]; then echo "$c"; return 0; fi
  done
  return 1
}
if ! LRNN_JAVA_HOME=$(lrnn_find_java); then
  echo "lrnn: no JDK 25 or newer found (looked at \$JAVA_HOME and /usr/lib/jvm); install one, e.g. Temurin 25, or set JAVA_HOME to it" >&2
  exit 1
fi
export JAVA_HOME="$LRNN_JAVA_HOME"
export PATH="$JAVA_HOME/bin:$PATH"
