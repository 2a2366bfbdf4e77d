#!/bin/bash
# One device check: environment, Spark GPU discovery script, Java HiSS training scaling over cores,
# PyTorch peer on the same CPU and on the GPU.
set -u
L=$OUT/gpu-check.log
exec > >(tee $L) 2>&1
echo "== env"; date -u; nvidia-smi -L; nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
nproc; which java || echo "no java on PATH"; ls /usr/lib/jvm 2>/dev/null || echo "no /usr/lib/jvm"
nvcc --version | tail -2; python3 -c 'import torch;print("torch",torch.__version__,"cuda",torch.version.cuda)'
ls /usr/local/cuda*/lib64/libcudart.so* 2>/dev/null | head; ldconfig -p | grep -E "libcudart|libcublas\.so" | head
echo "== discovery script"; out=$(bash ops/spark/getGpusResources.sh); echo "$out"
python3 -c "import json,sys; d=json.loads(sys.argv[1]); assert d['name']=='gpu' and d['addresses']==['0'], d; print('discovery JSON ok')" "$out"
CP=.devcarry/classes:$(ls .devcarry/lib/*.jar | paste -sd:)
J=.devcarry/jre/bin/java
echo "== Java HiSS small-s4d training B=16 L=2000 by ForkJoin parallelism"
for p in 1 2 4 8 15; do
  timeout 120 $J -Djava.util.concurrent.ForkJoinPool.common.parallelism=$p -cp $CP dev.hiss.model.hiss.bench.HissBench small-s4d 16 2000 5 1000 | sed "s/^/[par=$p] /"
done
echo "== PyTorch peer, same sizes"
for t in 1 2 4 16; do timeout 120 python3 benchmarks/peers/hiss_torch.py 16 2000 10 $t cpu; done
for b in 16 256; do timeout 120 python3 benchmarks/peers/hiss_torch.py $b 2000 20 4 cuda; done
echo "== S4D layer fwd+bwd B16 L2048 H64 (all cores)"
timeout 150 $J -cp $CP dev.hiss.model.ssm.bench.S4DBench 5
echo "== done"; date -u
