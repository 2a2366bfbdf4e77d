#!/bin/bash
# Builds .devcarry/ for benchmarks/device/gpu-check.sh on a machine with no JVM and no network
# (the workplace's GPU machine): a jlink'd JRE (java.base, logging, management, unsupported;
# about 35 MB), hiss-model's classes and the three jars the kernels need (JTransforms, JLargeArrays,
# commons-math3). Run after `mvn -B -pl hiss-model -am package -DskipTests`.
set -euo pipefail
cd "$(dirname "$0")/../.."
rm -rf .devcarry && mkdir -p .devcarry/lib
jlink --add-modules java.base,java.logging,jdk.unsupported,java.management --compress=2 \
  --strip-debug --no-header-files --no-man-pages --output .devcarry/jre
cp -r hiss-model/target/classes .devcarry/classes
m=~/.m2/repository
cp $m/pl/edu/icm/JLargeArrays/1.5/JLargeArrays-1.5.jar \
  $m/org/apache/commons/commons-math3/3.6.1/commons-math3-3.6.1.jar \
  $m/com/github/wendykierp/JTransforms/3.1/JTransforms-3.1.jar .devcarry/lib/
cp benchmarks/device/gpu-check.sh .devcarry/gpu-check.sh
grep -qx '/.devcarry/' .git/info/exclude || echo '/.devcarry/' >> .git/info/exclude
du -sh .devcarry
