#!/usr/bin/env bash
# What a user of the published artifacts gets, checked end to end (issue #19's "Done means"):
#  1. `mvn -DskipTests install` into a private local repository puts a main, a -sources and a -javadoc
#     jar for every published module (gradgraph-bom's list plus the Maven plugin), and the BOM, there;
#  2. a fresh project outside this repository, which imports only gradgraph-bom and depends on nn,
#     compiles README's planar example ("Training the course's models") against that repository and
#     trains it with plain `java`, printing the course's costs and accuracy; then the same with
#     graph-codegen at run time (README's recommendation), which must train on generated code and
#     print the same numbers;
#  3. nothing on that class path carries a native library.
# It prints each published jar's size (README quotes them).
#
# Usage: .ci/fresh-project-check.sh [LOCAL_REPOSITORY [MAVEN_ARGS...]]
#   LOCAL_REPOSITORY defaults to a new temporary directory; never point it at ~/.m2/repository.
#   MAVEN_ARGS go to every mvn call (e.g. -o with a repository that already holds the dependencies).
# Not run by CI: it installs the whole build and may download every dependency (minutes).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
repo=${1:-$(mktemp -d "${TMPDIR:-/tmp}/gradgraph-m2.XXXXXX")}
shift || true
maven_args=("$@")
mkdir -p "$repo"
repo=$(cd "$repo" && pwd)
if [[ "$repo" == "$(cd ~ && pwd)/.m2/repository" ]]; then
    echo "fresh-project-check: refusing to install into ~/.m2/repository; give a private directory" >&2
    exit 2
fi
fail() { echo "fresh-project-check: FAILED: $*" >&2; exit 1; }

version=$(sed -n 's:^  <version>\(.*\)</version>.*:\1:p' "$root/gradgraph-bom/pom.xml" | head -1)
[[ -n "$version" ]] || fail "no <version> in gradgraph-bom/pom.xml"
echo "== 1. mvn -DskipTests install ($version) into $repo"
(cd "$root" && mvn -B -ntp -DskipTests install -Dmaven.repo.local="$repo" "${maven_args[@]}") > "$repo/install.log" 2>&1 \
    || { tail -40 "$repo/install.log"; fail "the install build failed (log: $repo/install.log)"; }

published=$(sed -n '/<dependencyManagement>/,/<\/dependencyManagement>/s:.*<artifactId>\(.*\)</artifactId>.*:\1:p' \
    "$root/gradgraph-bom/pom.xml")
published="$published gradgraph-maven-plugin"
base="$repo/io/gradgraph"
[[ -f "$base/gradgraph-bom/$version/gradgraph-bom-$version.pom" ]] || fail "gradgraph-bom's pom is not installed"
[[ -f "$base/gradgraph-parent/$version/gradgraph-parent-$version.pom" ]] || fail "gradgraph-parent's pom is not installed"
printf '%-24s %10s %10s %10s\n' artifact jar sources javadoc
for a in $published; do
    sizes=()
    for classifier in "" -sources -javadoc; do
        jar="$base/$a/$version/$a-$version$classifier.jar"
        [[ -s "$jar" ]] || fail "$a: $(basename "$jar") is not in the local repository"
        sizes+=("$(( ($(stat -c %s "$jar") + 512) / 1024 )) KB")
    done
    jar tf "$base/$a/$version/$a-$version-javadoc.jar" | grep -x index.html > /dev/null || fail "$a: the javadoc jar has no index.html"
    printf '%-24s %10s %10s %10s\n' "$a" "${sizes[@]}"
done
for a in examples benchmarks; do
    if compgen -G "$base/$a/*/*-sources.jar" > /dev/null || compgen -G "$base/$a/*/*-javadoc.jar" > /dev/null; then
        fail "$a is not published, yet it built a sources or javadoc jar"
    fi
done

# README's planar snippet, verbatim, as the body of main
snippet=$(awk '/^```java$/ { inside = 1; block = ""; next }
               /^```$/ && inside { inside = 0; if (block ~ /planar "flower"/) { printf "%s", block; exit } next }
               inside { block = block "        " $0 "\n" }' "$root/README.md")
[[ -n "$snippet" ]] || fail "README.md has no planar \"flower\" java block"

# fresh_project NAME EXTRA_DEPENDENCIES: a new project in a temp dir that imports only gradgraph-bom and
# depends on nn (plus EXTRA_DEPENDENCIES), compiled against $repo and run with plain java; sets $work,
# $classpath and $out
fresh_project() {
    work=$(mktemp -d "${TMPDIR:-/tmp}/gradgraph-fresh.XXXXXX")
    mkdir -p "$work/src/main/java/com/example"
    cat > "$work/pom.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>com.example</groupId>
  <artifactId>gradgraph-user-$1</artifactId>
  <version>1.0</version>
  <properties>
    <maven.compiler.release>17</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
  <dependencyManagement>
    <dependencies>
      <dependency>
        <groupId>io.gradgraph</groupId>
        <artifactId>gradgraph-bom</artifactId>
        <version>$version</version>
        <type>pom</type>
        <scope>import</scope>
      </dependency>
    </dependencies>
  </dependencyManagement>
  <dependencies>
    <dependency>
      <groupId>io.gradgraph</groupId>
      <artifactId>nn</artifactId>
    </dependency>$2
  </dependencies>
  <build>
    <plugins>
      <plugin><artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version></plugin>
      <plugin><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
      <plugin><artifactId>maven-dependency-plugin</artifactId><version>3.8.1</version></plugin>
    </plugins>
  </build>
</project>
EOF
    cat > "$work/src/main/java/com/example/Main.java" <<EOF
package com.example;

import io.gradgraph.nn.*;
import io.gradgraph.nn.data.*;

public class Main {
    public static void main(String[] args) {
$snippet
        System.out.println("gradient check: " + report);
        if (!report.passed()) {
            System.exit(1);
        }
    }
}
EOF
    (cd "$work" && mvn -B -ntp -Dmaven.repo.local="$repo" "${maven_args[@]}" compile dependency:build-classpath \
            -Dmdep.outputFile=classpath.txt) > "$work/build.log" 2>&1 \
        || { tail -40 "$work/build.log"; fail "the fresh project ($1) does not compile (log: $work/build.log)"; }
    echo "compiled $work against $repo"
    classpath=$(cat "$work/classpath.txt")
    # generated classes are cached in the project's folder, not in the user's ~/.cache/gradgraph
    out=$(cd "$work" && java -Dgradgraph.cache.dir="$work/gradgraph-cache" -cp "target/classes:$classpath" \
            com.example.Main 2>&1) || { echo "$out"; fail "the fresh project's ($1) training failed"; }
    echo "$out"
    # the numbers README's snippet documents in its comments
    grep -qx 'Cost after iteration 0: 0.693048' <<< "$out" || fail "$1: the first cost is not the course's 0.693048"
    grep -qx 'Accuracy: 90%' <<< "$out" || fail "$1: the accuracy is not the course's 90%"
}

echo "== 2a. a fresh project importing only gradgraph-bom, depending on nn"
fresh_project nn ""
nn_out=$out
nn_classpath=$classpath
rm -rf "$work"

echo "== 2b. the same with graph-codegen at run time, as README recommends: training runs on generated code"
fresh_project nn-codegen "
    <dependency>
      <groupId>io.gradgraph</groupId>
      <artifactId>graph-codegen</artifactId>
      <scope>runtime</scope>
    </dependency>"
compgen -G "$work/gradgraph-cache/*" > /dev/null || fail "with graph-codegen, training compiled no generated class"
[[ "$(grep -v '^gradient check\|^ ' <<< "$out")" == "$(grep -v '^gradient check\|^ ' <<< "$nn_out")" ]] \
    || fail "generated code and the interpreter printed different costs"
echo "generated code printed the interpreter's costs and accuracy"
rm -rf "$work"

echo "== 3. no native libraries on the class path"
mapfile -t jars < <(tr : '\n' <<< "$classpath:$nn_classpath" | sort -u)
for j in "${jars[@]}"; do
    if jar tf "$j" | grep -Ei '\.(so|dll|dylib|jnilib)$'; then
        fail "$(basename "$j") carries a native library"
    fi
done
echo "${#jars[@]} jars on the class paths: $(for j in "${jars[@]}"; do basename "$j"; done | tr '\n' ' ')"
echo "fresh-project-check: OK"
