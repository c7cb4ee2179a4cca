#!/bin/bash
# Leave-one-dataset-out training of the cross-encoder, for a lent GPU (prepared 2026-11-27, not yet run: no machine
# was lent for it). Four runs share the card, each without one development set's labelled rows; each writes the
# claim logits of the held-out rows. `bench/nli_lodo.py` then chooses every threshold on the other three sets.
# Run from a folder holding base/ (all-MiniLM-L6-v2 copied at half precision: scripts/train_nli.py --base),
# train_all.jsonl.xz and eval.jsonl.xz (scripts/make_nli_data.py --out / --eval-out, compressed with xz; write
# eval.jsonl with this version's make_nli_data, whose windows stop at the claim's cover as the runtime's do);
# the logits land in $OUT. On CPU: DEVICE=cpu PY=.venv/bin/python (hours, not minutes).
set -u
cd "${WORK:-$(pwd)}"
TRAIN=$(dirname "$(readlink -f "$0")")/train_nli.py
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 PYTHONUNBUFFERED=1 TOKENIZERS_PARALLELISM=true
PY=${PY:-python3}
DEVICE=${DEVICE:-cuda}
T=${T:-2.0}
OUTDIR=${OUT:-/tmp/out}
mkdir -p /tmp/m "$OUTDIR"
for f in train_all eval; do $PY -c "import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1] + '.jsonl.xz'), open('/tmp/' + sys.argv[1] + '.jsonl', 'wb'))" $f; done
SRC=${DATA:-/tmp/train_all.jsonl}
for X in frank qags summeval xsumfaith; do
  grep -v "\"kind\": \"dev:$X\"" $SRC > /tmp/no_$X.jsonl
  $PY "$TRAIN" --data /tmp/no_$X.jsonl --eval ${EVAL:-/tmp/eval.jsonl} --base base --device $DEVICE \
      --out /tmp/m/$X --max-minutes $T --batch-size 64 --threads 3 --layers 6 --epochs 2 --lr 5e-5 --dev-weight 3 \
      --seed 81 --eval-logits > /tmp/m/$X.log 2>&1 &
done
wait
for X in frank qags summeval xsumfaith; do
  echo "== $X $(wc -l < /tmp/no_$X.jsonl) pairs"; grep "^{\|done\|Error" /tmp/m/$X.log | cut -c1-300 | tail -3
  cp /tmp/m/$X/held_out_logits.json "$OUTDIR/logits_$X.json"
done
