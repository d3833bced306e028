# shellcheck shell=bash
# Many hosts whose cron fires the same job in the same instant: exactly one may run it, the
# others exit 200, and no two runs overlap.
contention() {
    begin contention "${CONTENDERS} concurrent cronlock processes x ${ROUNDS} rounds on one job"
    redis_start contention
    local stamps="$WORK_DIR/contention.stamps" gate="$WORK_DIR/contention.gate" round _ rc
    # shellcheck disable=SC2016 # the job's shell expands them
    local job=(sh -c 'echo "$ROUND start $$ $(date +%s%N)" >>"$STAMPS"; sleep 0.2; echo "$ROUND end $$ $(date +%s%N)" >>"$STAMPS"')
    local env=(CRONLOCK_HOST=127.0.0.1 CRONLOCK_PORT="$REDIS_PORT" CRONLOCK_GRACE=60 CRONLOCK_RELEASE=120 STAMPS="$stamps")
    param "processes per round" "$CONTENDERS, released together through a FIFO"
    param "rounds" "$ROUNDS; the lock is reset (CRONLOCK_RESET) between rounds"
    param "job" "appends start/end stamps with its pid, sleeps 0.2 s"
    param "lock" "GRACE 60 s, RELEASE 120 s (outlive a round)"
    : >"$stamps"
    local bad_rounds=0 other_codes=0 total_ran=0 spreads=()
    for round in $(seq 1 "$ROUNDS"); do
        rm -f "$gate" && mkfifo "$gate"
        local pids=()
        for _ in $(seq 1 "$CONTENDERS"); do
            ( exec 3<"$gate"; exec env ROUND="$round" "${env[@]}" timeout -k 3 60 "$CRONLOCK" "${job[@]}" ) \
                >/dev/null 2>>"$WORK_DIR/contention.stderr" &
            pids+=($!)
        done
        sleep 0.3
        local opened
        opened=$(ms)
        exec 4>"$gate" # every process blocked opening the FIFO goes now
        local zero=0 held=0 other=0
        for pid in "${pids[@]}"; do
            rc=0
            wait "$pid" || rc=$?
            case "$rc" in
                0) zero=$((zero + 1)) ;;
                200) held=$((held + 1)) ;;
                *) other=$((other + 1)); echo "round $round: exit $rc" >>"$WORK_DIR/contention.codes" ;;
            esac
        done
        spreads+=($(( $(ms) - opened )))
        exec 4>&-
        total_ran=$((total_ran + zero))
        other_codes=$((other_codes + other))
        local starts
        starts=$(awk -v r="$round" '$1 == r && $2 == "start"' "$stamps" | wc -l)
        if [ "$zero" -ne 1 ] || [ "$held" -ne $((CONTENDERS - 1)) ] || [ "$starts" -ne 1 ]; then
            bad_rounds=$((bad_rounds + 1))
            echo "round $round: exit 0 x$zero, 200 x$held, other x$other, job starts $starts" >>"$WORK_DIR/contention.codes"
        fi
        env "${env[@]}" CRONLOCK_RESET=yes timeout 30 "$CRONLOCK" "${job[@]}" >/dev/null 2>>"$WORK_DIR/contention.stderr" || true
    done
    # Overlaps: sort the job's intervals by start; each must start after the previous one ended.
    local overlaps
    overlaps=$(awk '{ if ($2 == "start") s[$1" "$3] = $4; else e[$1" "$3] = $4 }
        END { for (k in s) print s[k], (k in e ? e[k] : "unfinished") }' "$stamps" | sort -n |
        awk 'BEGIN { last = 0; n = 0 } { if ($2 == "unfinished" || $1 < last) n++; if ($2 != "unfinished") last = $2 } END { print n }')
    figure "job runs" "$total_ran in $ROUNDS rounds"
    figure "rounds with exactly one run and $((CONTENDERS - 1)) exits 200" "$((ROUNDS - bad_rounds)) of $ROUNDS"
    figure "overlapping runs" "$overlaps"
    figure "exit codes other than 0 and 200" "$other_codes"
    figure "time from release to the last exit, per round (median / max)" "$(printf '%s\n' "${spreads[@]}" | median) / $(printf '%s\n' "${spreads[@]}" | sort -n | tail -n1) ms"
    check "$(ok [ "$bad_rounds" -eq 0 ])" "exactly one run per round, every other process exits 200" "$bad_rounds bad round(s), see contention.codes"
    check "$(ok [ "$overlaps" -eq 0 ])" "0 overlapping runs" "overlaps=$overlaps"
    check "$(ok [ "$total_ran" -eq "$ROUNDS" ])" "$ROUNDS runs in all" "runs=$total_ran"
    check "$(ok no_trace "$WORK_DIR/contention.stderr")" "no stack trace"
    end
    redis_stop contention
}
