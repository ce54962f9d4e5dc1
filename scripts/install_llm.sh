#!/usr/bin/env bash
# Build and install llama-cpp-python for THIS CPU, without AMX.
#
# Why: llama.cpp's default source build uses -march=native. On Xeons with AMX that enables the AMX int8 kernels
# and weight repacking, and llama-cpp-python 0.3.36 then segfaults in decode on the first generation with the
# packaged Qwen2.5 GGUF (seen 2026-12-01; issue "chat answers a person can trust"). Setting GGML_AMX_*=OFF next to
# a native build does not remove AMX. So we turn the native build off and name every instruction set the CPU
# has (read from /proc/cpuinfo), AMX never. Repacking for AVX2/AVX512 stays on, so speed is kept.
#
# The wheel is built once per (version, flag set) into a FeedLens wheel cache, because pip's own wheel cache is
# keyed by the sdist only: a wheel built earlier with native flags would otherwise be reused silently.
set -euo pipefail
PY=${1:-.venv/bin/python}
VERSION=${LLAMA_CPP_VERSION:-0.3.36}

flags=""
if [ -r /proc/cpuinfo ] && [ "$(uname -m)" = "x86_64" ] && [ -z "${FEEDLENS_LLAMA_NATIVE:-}" ]; then
  cpu=" $(grep -m1 '^flags' /proc/cpuinfo | cut -d: -f2) "
  has() { case "$cpu" in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
  flags="-DGGML_NATIVE=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF"
  # cpuinfo flag -> ggml option (ggml defaults these to ON once native is off, so each is set explicitly)
  for pair in sse4_2:SSE42 avx:AVX avx2:AVX2 bmi2:BMI2 fma:FMA f16c:F16C avx_vnni:AVX_VNNI \
              avx512f:AVX512 avx512vbmi:AVX512_VBMI avx512_vnni:AVX512_VNNI avx512_bf16:AVX512_BF16; do
    if has "${pair%%:*}"; then flags="$flags -DGGML_${pair#*:}=ON"; else flags="$flags -DGGML_${pair#*:}=OFF"; fi
  done
fi
# a user's own CMAKE_ARGS (e.g. -DGGML_CUDA=on) come last and win
export CMAKE_ARGS="${flags} ${CMAKE_ARGS:-}"
key=$(printf '%s|%s' "$VERSION" "$CMAKE_ARGS" | sha256sum | cut -c1-16)
cache="${FEEDLENS_WHEEL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/feedlens/wheels}/llama-cpp-python-$VERSION-$key"

if ! ls "$cache"/llama_cpp_python-*.whl >/dev/null 2>&1; then
  echo "building llama-cpp-python $VERSION for this CPU (10-20 min on 2 cores, once)"
  echo "CMAKE_ARGS=$CMAKE_ARGS"
  mkdir -p "$cache.tmp"
  "$PY" -m pip wheel --no-deps --no-cache-dir --no-binary llama-cpp-python \
    "llama-cpp-python==$VERSION" -w "$cache.tmp"
  rm -rf "$cache" && mv "$cache.tmp" "$cache"
fi
"$PY" -m pip install --force-reinstall --no-deps "$cache"/llama_cpp_python-*.whl
# its dependencies (diskcache, jinja2, ...); the build installed above already satisfies the requirement itself
"$PY" -m pip install --find-links "$cache" "llama-cpp-python==$VERSION"
# refuse a build that would crash on first generation: AMX must be absent from the compiled backend
"$PY" - <<'EOF'
import llama_cpp
info = llama_cpp.llama_print_system_info().decode()
print("llama.cpp system info:", info.strip())
if "AMX_INT8 = 1" in info:
    raise SystemExit("llama.cpp was built with AMX, which segfaults on this model; rebuild without FEEDLENS_LLAMA_NATIVE")
EOF
