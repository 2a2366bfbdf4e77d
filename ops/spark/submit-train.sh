#!/usr/bin/env bash
# Submit a HiSS Forecast Spark job to a cluster (YARN, standalone or Kubernetes).
#   ops/spark/submit-train.sh MASTER [--gpu] -- JOB ARGS...
# e.g.
#   ops/spark/submit-train.sh k8s://https://api.example:6443 --gpu -- train --lake s3a://lake/ecg
# The application jar is the ops module's jar plus its runtime classpath (built by
# `mvn -DskipTests package`); on Kubernetes the image must contain them (see ops/k8s/).
# JVM flags come from the one list the build generates (ops/target/classes/hiss-jvm.options).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
master="${1:?usage: submit-train.sh MASTER [--gpu] -- ARGS...}"; shift
gpu=false
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  case "$1" in
    --gpu) gpu=true ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
[ "${1:-}" = "--" ] && shift
opts="$(cat "$here/ops/target/classes/hiss-jvm.options")"
classpath="$(cat "$here/ops/target/hiss.classpath")"
conf=(
  --conf "spark.driver.extraJavaOptions=$opts"
  --conf "spark.executor.extraJavaOptions=$opts"
  --conf "spark.serializer=org.apache.spark.serializer.KryoSerializer"
  --conf "spark.sql.session.timeZone=UTC"
  --conf "spark.ui.prometheus.enabled=true"
  --conf "spark.executor.processTreeMetrics.enabled=true"
  --conf "spark.sql.streaming.metricsEnabled=true"
  --conf "spark.metrics.conf.*.sink.prometheusServlet.class=org.apache.spark.metrics.sink.PrometheusServlet"
  --conf "spark.metrics.conf.*.sink.prometheusServlet.path=/metrics/prometheus"
)
if $gpu; then
  # one GPU per executor and per task; each task binds to the GPU address Spark hands it
  conf+=(
    --conf "spark.executor.resource.gpu.amount=1"
    --conf "spark.task.resource.gpu.amount=1"
    --conf "spark.executor.resource.gpu.discoveryScript=/opt/hiss/ops/spark/getGpusResources.sh"
    --conf "spark.executor.resource.gpu.vendor=nvidia.com"
    --conf "spark.kubernetes.executor.podTemplateFile=$here/ops/k8s/spark-executor-gpu-template.yaml"
  )
fi
exec spark-submit --master "$master" --deploy-mode cluster --name hiss-train \
  --class dev.hiss.ops.Hiss "${conf[@]}" \
  --jars "$(echo "$classpath" | tr ':' ',')" \
  "$here/ops/target/ops-0.1.0-SNAPSHOT.jar" "$@"
