#!/bin/sh
# Creates the benchmark peers' own Python environment at
# <workspace>/target/peers-venv and installs the pinned packages of
# requirements.txt (jax[cpu], jaxlib, ortools) from PyPI. Idempotent: a
# stamp file records the requirements it was built from, so a second run
# with unchanged requirements does nothing.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
venv="${SOFTMASK_PEERS_VENV:-$root/target/peers-venv}"
python="${PYTHON:-python3}"
stamp="$venv/.softmask-requirements"
if [ -f "$stamp" ] && cmp -s "$stamp" "$here/requirements.txt"; then
    echo "peers venv up to date: $venv"
    exit 0
fi
"$python" -c 'import sys; assert sys.version_info >= (3, 11), "jax 0.10 needs Python >= 3.11, got %s" % sys.version' 
mkdir -p "$(dirname "$venv")"
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet -r "$here/requirements.txt"
"$venv/bin/python" -c 'import jax, jaxlib, ortools; print("peers venv ready:", "jax", jax.__version__, "jaxlib", jaxlib.__version__, "ortools", ortools.__version__)'
cp "$here/requirements.txt" "$stamp"
