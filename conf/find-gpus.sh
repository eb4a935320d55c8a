#!/usr/bin/env bash
# Spark's GPU discovery script contract: print {"name": "gpu", "addresses": [...]} on stdout.
# The addresses are the GPU indexes nvidia-smi reports on this host.
set -euo pipefail
indexes=$(nvidia-smi --query-gpu=index --format=csv,noheader | tr -d ' ' | paste -sd, -)
printf '{"name": "gpu", "addresses": [%s]}\n' "$(echo "$indexes" | sed 's/[0-9][0-9]*/"&"/g')"
