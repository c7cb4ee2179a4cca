#!/bin/bash
# Leave-one-dataset-out training of the cross-encoder, for a lent GPU. Four runs share the card, each with the
# shipped model's recipe (docs/entailment.md, "GPU round": variant C, seed 63, a 4-epoch schedule) minus one
# development set's labelled rows; each ends after the schedule's second epoch (the shipped model kept epoch 2) and
# writes the claim logits of the held-out rows after each epoch. `bench/nli_lodo.py` then chooses every threshold,
# and the epoch, on the other three sets' calib rows.
# DEV_WEIGHT (default 3, the shipped recipe's) weighs the development sets' rows; SYNTHETIC=1 adds a fifth run on
# the synthetic pairs alone (it sees none of the four sets) whose weights also come back (--compact shards).
# Run from a folder holding base/ (all-MiniLM-L6-v2 copied at half precision: scripts/train_nli.py --base),
# train_all.jsonl.xz (the shipped model's training pairs) and eval.jsonl.xz (scripts/make_nli_data.py --eval-out,
# compressed with xz); the logits land in $OUT. On CPU: DEVICE=cpu PY=.venv/bin/python (hours).
set -u
TRAIN=$(dirname "$(readlink -f "$0")")/train_nli.py
cd "${WORK:-$(pwd)}"
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 PYTHONUNBUFFERED=1 TOKENIZERS_PARALLELISM=true
PY=${PY:-python3}
DEVICE=${DEVICE:-cuda}
OUTDIR=${OUT:-/tmp/out}
RUNS="frank qags summeval xsumfaith"
mkdir -p /tmp/m "$OUTDIR"
for f in train_all eval; do $PY -c "import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1] + '.jsonl.xz'), open('/tmp/' + sys.argv[1] + '.jsonl', 'wb'))" $f; done
for X in $RUNS; do grep -v "\"kind\": \"dev:$X\"" /tmp/train_all.jsonl > /tmp/no_$X.jsonl; done
if [ "${SYNTHETIC:-0}" = 1 ]; then RUNS="$RUNS synthetic"; grep -v '"kind": "dev:' /tmp/train_all.jsonl > /tmp/no_synthetic.jsonl; fi
for X in $RUNS; do
  $PY "$TRAIN" --data /tmp/no_$X.jsonl --eval /tmp/eval.jsonl --base base --device $DEVICE --out /tmp/m/$X \
      --batch-size 64 --max-minutes 6.3 --layers 6 --epochs 4 --end-after-epochs 2 --lr 5e-5 \
      --dev-weight ${DEV_WEIGHT:-3} --seed 63 --threads 3 --eval-logits $([ $X = synthetic ] && echo --compact) \
      > /tmp/m/$X.log 2>&1 &
done
wait
for X in $RUNS; do
  echo "== $X $(wc -l < /tmp/no_$X.jsonl) pairs"; grep "steps of\|^{\|done\|Error" /tmp/m/$X.log | cut -c1-400 | tail -4
  cp /tmp/m/$X/held_out_logits.json "$OUTDIR/logits_$X.json"
done
[ -d /tmp/m/synthetic ] && cp /tmp/m/synthetic/compact-*.pt /tmp/m/synthetic/training.json "$OUTDIR/"
