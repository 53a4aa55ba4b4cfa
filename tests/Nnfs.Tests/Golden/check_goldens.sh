#!/bin/bash
# Regenerates every golden file of this folder into a temporary copy with the committed scripts and compares each
# with the committed file byte for byte (cmp). Prints "same", "DIFF" or "MISSING" per file and exits 1 on any
# difference. Use it after changing nnfs_ref.py or a script. Takes about a minute on one core.
#
#   tests/Nnfs.Tests/Golden/check_goldens.sh [FOLDER ...]     (default: every folder below)
#
# Needs /usr/bin/python3 with Debian's numpy 1.24.2 and OpenCV 4.6, the Fashion-MNIST IDX files in
# /usr/share/datasets/fashion-mnist and an ancestor folder holding shared/datasets and shared/peers.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
FOLDERS="${*:-book book19 layers training optimizers numpy numpy_log numpy_exp Datasets Serialization}"

SHARED=""
d=$HERE
while [ "$d" != / ]; do
  if [ -d "$d/shared/datasets" ]; then SHARED=$d/shared; break; fi
  d=$(dirname "$d")
done
[ -n "$SHARED" ] || { echo "no shared/datasets above $HERE" >&2; exit 2; }

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# The copy sits four levels below WORK, beside a link to shared/, as the scripts expect the repository to.
mkdir -p "$WORK/repo/tests/Nnfs.Tests"
ln -s "$SHARED" "$WORK/shared"
G=$WORK/repo/tests/Nnfs.Tests/Golden
cp -r "$HERE" "$G"
find "$G" -type f ! -name '*.py' ! -name '*.md' ! -name '*.sh' -delete
export OPENBLAS_NUM_THREADS=1

failed=0
run() {  # FOLDER COMMAND: runs COMMAND in the copy's FOLDER
  (cd "$G/$1" && bash -c "$2") || { echo "FAILED in $1: $2" >&2; failed=1; }
}
for f in $FOLDERS; do
  case $f in
  book)
    for c in 2 3 4 5 6 7 8 9; do run book "$PY book_numpy.py $c > chapter$c.txt"; done
    run book 'names=(sgd sgd-0.85 sgd-decay-1e-2 sgd-decay-1e-3 sgd-decay-1e-3-momentum-0.5 sgd-decay-1e-3-momentum-0.9
              adagrad-decay-1e-4 rmsprop-decay-1e-4 rmsprop-0.02-decay-1e-5-rho-0.999 adam-0.02-decay-1e-5
              adam-0.05-decay-5e-7)
              for i in $(seq 1 11); do echo "# $i/11 ${names[$((i-1))]}"; '"$PY"' book_numpy.py 10 1000 $i
              done > chapter10.txt'
    for c in 11 14 15 16 17; do run book "$PY book_numpy.py $c 1000 > chapter$c.txt"; done
    run book "$PY book_numpy.py 14b 100 > chapter14b.txt"
    run book "$PY book_numpy.py 18 regression 200 > chapter18a.txt"
    run book "$PY book_numpy.py 18 binary 200 > chapter18b.txt"
    run book "$PY book_numpy.py 18 classification 100 > chapter18c.txt"
    run book "$PY float64_arrays.py > float64_arrays.txt"
    run book "$PY python_format.py > python_format.txt" ;;
  book19) run book19 "$PY book19_numpy.py 101 /usr/share/datasets/fashion-mnist > book19_steps.txt"
          run book19 "$PY book19_numpy.py train 1 /usr/share/datasets/fashion-mnist > book19_train1.txt" ;;
  layers) run layers "$PY make_golden.py > golden.json" ;;
  training) run training "$PY make_golden.py binary18 > binary18.txt && $PY make_golden.py spiral19 > spiral19.txt" ;;
  optimizers) run optimizers "$PY make_golden.py > optimizers.json && $PY make_golden.py float64 > optimizers_float64.json" ;;
  numpy) run numpy "$PY make_golden.py > /dev/null" ;;
  numpy_log) run numpy_log "$PY make_golden.py > log.bin" ;;
  numpy_exp) run numpy_exp "$PY make_golden.py > exp.bin" ;;
  Datasets) run Datasets "$PY make_data_golden.py" ;;
  Serialization) run Serialization "$PY make_numpy_safetensors.py" ;;
  *) echo "unknown folder $f" >&2; exit 2 ;;
  esac
done

cd "$HERE"
for file in $(git ls-files | grep -v '\.py$\|\.md$\|\.sh$'); do
  case " $FOLDERS " in *" $(dirname "$file") "*) ;; *) continue ;; esac
  if [ ! -e "$G/$file" ]; then echo "MISSING $file"; failed=1
  elif cmp -s "$file" "$G/$file"; then echo "same $file"
  else echo "DIFF $file"; failed=1
  fi
done
exit $failed
