# shellcheck shell=bash
# Random combinations of settings and flags, valid and not: whatever cronlock is given, it may not
# hang, print a stack trace, run the job when it should not, or leak a password.
fuzz() {
    begin fuzz "Bad input: ${FUZZ_CASES} random combinations of CRONLOCK_* variables and flags"
    redis_start fuzz
    param "generator" "reliability/fuzz.py, seed 8; settings and value types read from cronlock --help"
    param "values" "valid and invalid per type (seconds, counts, ports, hosts, URLs, paths, switches, text), unknown flags, no command, -- , words for the job that look like options"
    param "invariants" "no stack trace; ends within 30 s; exit code 0 (the job's) or one of 200-204; on 201 exactly one stderr line and no job; on 200 no job; the job ran exactly when exit 0, and never with a mode option (--status, --list, --acquire, --unlock...); stdout empty unless a mode option asked for output; no password in the output"
    local rc=0
    python3 "$REPO_ROOT/reliability/fuzz.py" --binary "$CRONLOCK" --port "$REDIS_PORT" --closed-port "$(free_port)" \
        --cases "$FUZZ_CASES" --parallel 6 --seed 8 --work "$WORK_DIR/fuzz" --out "$WORK_DIR/fuzz.json" || rc=$?
    local summary
    summary=$(python3 - "$WORK_DIR/fuzz.json" 2>/dev/null <<'EOF' || printf '0\t\t0\t1\t0\t0\t0\n'
import json, sys
d = json.load(open(sys.argv[1]))
codes = ", ".join(f"{k}×{v}" for k, v in sorted(d["codes"].items()))
e = d["elapsed_s"]
print(f"{d['cases']}\t{codes}\t{d['ran']}\t{d['violations']}\t{e['median']:.2f}\t{e['max']:.2f}\t{d['settings_fuzzed']}")
for x in d["examples"][:5]:
    print("EXAMPLE\t" + "; ".join(x["problems"]) + " | env " + json.dumps(x["env"]) + " | args " + json.dumps(x["args"]))
EOF
)
    local cases codes ran violations med max nsettings
    IFS=$'\t' read -r cases codes ran violations med max nsettings <<<"$(head -n1 <<<"$summary")"
    figure "cases run" "$cases, over $nsettings options"
    figure "exit codes" "$codes"
    figure "cases where the job ran" "$ran"
    figure "time per case, median / max" "${med} s / ${max} s"
    figure "violations" "$violations"
    check "$(ok [ "$rc" = 0 ] && [ "$violations" = 0 ] && [ "$cases" = "$FUZZ_CASES" ])" "every case kept every invariant" "$violations violation(s); examples in fuzz.json"
    while IFS= read -r line; do
        [ "${line%%$'\t'*}" = EXAMPLE ] && figure "violation" "${line#*$'\t'}"
    done <<<"$summary"
    end
    redis_stop fuzz
}
