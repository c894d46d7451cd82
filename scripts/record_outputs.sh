#!/bin/sh
# Record the bundled library's outputs (simulate, payout en/zh, compare, backtest, and
# eight rendered reports in en and zh) to check that a refactor changes no number:
#   sh scripts/record_outputs.sh "$PWD" /tmp/before   # on the old commit
#   sh scripts/record_outputs.sh "$PWD" /tmp/after    # on the new one
#   .venv/bin/python scripts/compare_outputs.py /tmp/before /tmp/after
# usage: record_outputs.sh REPO OUTDIR (REPO has a .venv from `make setup`)
set -u
cd "$1"; O="$2"; rm -rf "$O"; mkdir -p "$O"
P="$1/.venv/bin/perfkit"
export MPLBACKEND=agg
for s in scenarios/*.yaml; do n=$(basename $s .yaml)
  $P simulate $s --runs 8 --periods 6 --csv --out $O/sim/$n > $O/sim_$n.log 2>&1
  $P payout $s --data data/sample_kpis.csv --out $O/pay/$n.csv > $O/pay_$n.log 2>&1
  $P payout $s --data data/sample_kpis_zh.csv --lang zh --out $O/pay/${n}_zh.xlsx > $O/payzh_$n.log 2>&1
done
$P compare scenarios/*.yaml --baseline scenarios/current_flat_commission.yaml --data data/sample_kpis.csv --runs 8 --periods 6 --out $O/cmp > $O/cmp.log 2>&1
$P backtest scenarios/current_flat_commission.yaml scenarios/marginal_ladder.yaml --data data/sample_kpis.csv --out $O/backtest.csv > $O/bt.log 2>&1
for L in en zh; do
$P render scenarios/current_flat_commission.yaml scenarios/marginal_ladder.yaml scenarios/quarterly_quota_cliff.yaml scenarios/expansion_team.yaml --baseline scenarios/current_flat_commission.yaml --data data/sample_kpis.csv --runs 8 --periods 6 --lang $L --jobs 2 --out $O/rep_$L > $O/rep_$L.log 2>&1
done
echo finished > $O/DONE
