#!/usr/bin/env bash
# Side by side: coturn (turnserver) and rc-turn with the same generated turnserver.conf (only the ports
# differ) and the SAME turnutils_uclient loads, on 127.0.0.1 only. Both servers run at the same time, pinned
# to the same core, and the rows are interleaved (coturn row, rc-turn row, ...), so load from other jobs on
# the machine hits both alike; an idle server costs nothing.
#
# Usage: bench/turn/compare.sh [--quick] [--only coturn|rc-turn] [--rc-turn PATH] [--jit] [--repeat N] [--port N]
#   --quick          only UDP rows with 172-byte messages (6 rows instead of 24)
#   --only NAME      run one server only
#   --rc-turn PATH   rc-turn launcher (default: the NativeAOT binary published by this script with
#                    `dotnet publish -c Release -r linux-x64 -p:PublishAot=true` into artifacts/turn-aot;
#                    if that fails, the JIT build `dotnet src/Turn/Host/bin/Release/net10.0/rc-turn.dll`)
#   --jit            use the JIT build even if NativeAOT works
#   --repeat N       run every row N times per server (interleaved) and report the run with the median msgs/s
#   --filter REGEX   only rows whose "proto size allocs pacing" matches, e.g. 'tcp .* unpaced'
#   --port N         coturn's listening port (default 34780; rc-turn uses N+100; alternate ports are +1);
#                    relay ports 40000-40999 (coturn) and 41000-41999 (rc-turn)
#   --server-core C  core the servers are pinned to (default 0); client and peer use --client-core (default 1)
#   --keep           keep the work directory (configs, logs, raw uclient output)
#
# env PACED_MSGS=N: messages per allocation on paced rows (default 250 = 5 s; more for finer CPU resolution).
# Rows: {UDP,TCP} × {172 B,1200 B} × {1,10,50 allocations} × {paced 50 pps (-z 20), unpaced (-z 0)}.
# Each uclient run is bounded by `timeout`. Paced rows: msgs/s is the offered 50 × allocations msg/s times the
# delivered fraction (the client sets the rate). Unpaced rows: msgs/s comes from uclient's per-second progress lines
# (median per-second received-count growth between the first line with traffic and the first line
# with the final count),
# because its "total transmit time" includes random start delays (shared FACTS.md). CPU s is the
# server's utime+stime delta from /proc/PID/stat over the row; HWM MB is the server's VmHWM (peak RSS since
# start) after the row, RSS MB its VmRSS then; load is the 1-minute load average when the row started.
# loss% is (sent - received) / sent: uclient's own "lost packets" misses whole early bursts.
# Needs: coturn (turnserver, turnutils_uclient, turnutils_peer, turnutils_stunclient), taskset, dotnet.
set -uo pipefail

QUICK=0; ONLY=""; RC_TURN=""; JIT=0; FILTER=""; REPEAT=1; PORT=34780; SERVER_CORE=0; CLIENT_CORE=1; KEEP=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --only) ONLY="$2"; shift ;;
    --rc-turn) RC_TURN="$2"; shift ;;
    --jit) JIT=1 ;;
    --repeat) REPEAT="$2"; shift ;;
    --filter) FILTER="$2"; shift ;;
    --port) PORT="$2"; shift ;;
    --server-core) SERVER_CORE="$2"; shift ;;
    --client-core) CLIENT_CORE="$2"; shift ;;
    --keep) KEEP=1 ;;
    -h|--help) sed -n '2,31p' "$0"; exit 0 ;;
    *) echo "unknown flag $1" >&2; exit 1 ;;
  esac
  shift
done

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="$(mktemp -d /tmp/rc-turn-compare.XXXXXX)"
PEER_PORT=$((PORT + 10))
USER_NAME=bench; USER_PASS=bench-pass; REALM=bench.redconnect.test
HZ=$(getconf CLK_TCK)
declare -A PID SPORT STATUS
SPORT[coturn]=$PORT; SPORT[rc-turn]=$((PORT + 100))
PEER_PID=""

cleanup() {
  local name
  for name in coturn rc-turn; do [[ -n "${PID[$name]:-}" ]] && kill "${PID[$name]}" 2>/dev/null; done
  [[ -n "$PEER_PID" ]] && kill "$PEER_PID" 2>/dev/null
  wait 2>/dev/null
  if [[ $KEEP -eq 0 ]]; then rm -rf "$WORK"; else echo "work directory kept: $WORK" >&2; fi
}
trap cleanup EXIT

for tool in turnserver turnutils_uclient turnutils_peer turnutils_stunclient taskset; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install coturn util-linux)" >&2; exit 1; }
done

# One configuration per server, identical but for ports, relay range and file names. Keys only coturn
# implements (no-cli, simple-log) are accepted by rc-turn with a single warning.
write_conf() { # name port min_relay
  cat > "$WORK/$1.conf" <<CONFEOF
listening-ip=127.0.0.1
relay-ip=127.0.0.1
listening-port=$2
alt-listening-port=$(($2 + 1))
min-port=$3
max-port=$(($3 + 999))
realm=$REALM
lt-cred-mech
user=$USER_NAME:$USER_PASS
fingerprint
allow-loopback-peers
no-multicast-peers
no-tls
no-dtls
no-cli
simple-log
stale-nonce=600
pidfile=$WORK/$1.pid
log-file=$WORK/$1.log
CONFEOF
}
write_conf coturn "${SPORT[coturn]}" 40000
write_conf rc-turn "${SPORT[rc-turn]}" 41000

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
mem_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; } # pid VmHWM|VmRSS
load1() { cut -d' ' -f1 /proc/loadavg; }

wait_ready() { # name: wait until the server answers a STUN Binding request
  for _ in $(seq 1 50); do
    kill -0 "${PID[$1]}" 2>/dev/null || return 1
    timeout 2 turnutils_stunclient -p "${SPORT[$1]}" 127.0.0.1 >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  return 1
}

start_server() { # name launcher...
  local name="$1"; shift
  taskset -c "$SERVER_CORE" "$@" -c "$WORK/$name.conf" > "$WORK/$name.out" 2>&1 &
  PID[$name]=$!
  if wait_ready "$name"; then
    sleep 1 # settle: idle RSS after start-up
    STATUS[$name]="ok"; IDLE[$name]="$(mem_kb "${PID[$name]}" VmHWM) $(mem_kb "${PID[$name]}" VmRSS)"
  else
    STATUS[$name]="failed to start ($(grep -m1 -oE 'error: .*|Cannot start.*' "$WORK/$name.out" || echo 'did not answer'))"
  fi
}

stop_server() { # name
  local p="${PID[$1]:-}"; [[ -z "$p" ]] && return
  kill -TERM "$p" 2>/dev/null
  for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$p" 2>/dev/null; wait "$p" 2>/dev/null; PID[$1]=""
}

# Parses uclient output into "sent recv lostpct rtt msgs_per_s" (see the header for the rate window).
parse_uclient() {
  awk '
    /start_mclient: msz=/ {
      t = $1 + 0; r = $0; sub(/.*tot_recv_msgs=/, "", r); r = r + 0
      n++; ts[n] = t; rs[n] = r; if (r > peak) peak = r
    }
    /start_mclient: tot_send_msgs=/ { s = $0; sub(/.*tot_send_msgs=/, "", s); sent = s + 0
                                       v = $0; sub(/.*tot_recv_msgs=/, "", v); recv = v + 0; have = 1 }
    /Total lost packets/ { l = $0; sub(/.*\(/, "", l); sub(/%.*/, "", l); lost = l }
    /Average round trip delay/ { x = $0; sub(/.*delay /, "", x); sub(/ ms.*/, "", x); rtt = x }
    END {
      if (!have) { print "-"; exit }
      # Median of the per-interval rates from the first line with traffic to the first line with the
      # final count: robust against uclient staggering its sessions at start and idling at the end.
      first = 0; for (i = 1; i <= n; i++) if (rs[i] > 0) { first = i; break }
      rate = recv; m = 0
      if (first > 0) {
        for (j = first; j <= n; j++) if (rs[j] == peak) break
        for (k = first + 1; k <= j; k++) if (ts[k] > ts[k - 1]) { m++; d[m] = (rs[k] - rs[k - 1]) / (ts[k] - ts[k - 1]) }
        for (a = 2; a <= m; a++) { v = d[a]; b = a - 1; while (b > 0 && d[b] > v) { d[b + 1] = d[b]; b-- } d[b + 1] = v }
        if (m > 0) rate = (m % 2) ? d[(m + 1) / 2] : (d[m / 2] + d[m / 2 + 1]) / 2
      }
      lostpct = sent > 0 ? (sent - recv) * 100 / sent : 0
      printf "%d %d %.2f %.2f %.0f\n", sent, recv, lostpct, rtt, rate
    }'
}

ROWS=()
for proto in udp tcp; do
  for size in 172 1200; do
    [[ $QUICK -eq 1 && ( $proto != udp || $size != 172 ) ]] && continue
    for allocs in 1 10 50; do
      for pacing in paced unpaced; do
        [[ -n "$FILTER" && ! "$proto $size $allocs $pacing" =~ $FILTER ]] && continue
        ROWS+=("$proto $size $allocs $pacing")
      done
    done
  done
done

declare -A RESULT IDLE
NOTES=()
run_row() { # name row rep -> "sent recv lost rtt rate ticks hwm rss load"
  local name="$1" row="$2" rep="$3" proto size allocs pacing msgs z tflag out before after parsed load p="${PID[$1]}"
  read -r proto size allocs pacing <<< "$row"
  if [[ $pacing == paced ]]; then z=20; msgs=${PACED_MSGS:-250}; else z=0; msgs=$((60000 / allocs)); fi
  tflag=(); [[ $proto == tcp ]] && tflag=(-t)
  out="$WORK/$name-$proto-$size-$allocs-$pacing-$rep.txt"
  load=$(load1)
  before=$(cpu_ticks "$p")
  timeout 90 taskset -c "$CLIENT_CORE" turnutils_uclient "${tflag[@]}" -c -u "$USER_NAME" -w "$USER_PASS" \
    -p "${SPORT[$name]}" -e 127.0.0.1 -r "$PEER_PORT" -m "$allocs" -n "$msgs" -l "$size" -z "$z" 127.0.0.1 > "$out" 2>&1
  after=$(cpu_ticks "$p")
  parsed=$(parse_uclient < "$out")
  if [[ $pacing == paced && "$parsed" != -* ]]; then
    # A paced client offers allocs × 50 msg/s whatever the server does; its per-second progress lines only
    # show its random session start staggering. Delivered rate = offered rate × delivered fraction.
    parsed=$(awk -v p="$parsed" -v a="$allocs" 'BEGIN { split(p, f, " "); r = f[1] > 0 ? a * 50 * f[2] / f[1] : 0
      printf "%s %s %s %s %.0f\n", f[1], f[2], f[3], f[4], r }')
  fi
  echo "$parsed $(( after - before )) $(mem_kb "$p" VmHWM) $(mem_kb "$p" VmRSS) $load"
}

taskset -c "$CLIENT_CORE" turnutils_peer -L 127.0.0.1 -p "$PEER_PORT" > "$WORK/peer.out" 2>&1 &
PEER_PID=$!
sleep 0.5

SERVERS=()
[[ -z "$ONLY" || "$ONLY" == coturn ]] && SERVERS+=(coturn)
[[ -z "$ONLY" || "$ONLY" == rc-turn ]] && SERVERS+=(rc-turn)
STATUS[coturn]="not run"; STATUS[rc-turn]="not run"; RC_KIND="-"

for name in "${SERVERS[@]}"; do
  if [[ $name == coturn ]]; then
    echo "coturn: $(turnserver --version 2>/dev/null | head -1)" >&2
    start_server coturn turnserver
    continue
  fi
  if [[ -z "$RC_TURN" && $JIT -eq 0 ]]; then
    # NativeAOT: a native binary without the JIT or its metadata keeps RSS near coturn's. Own artifacts
    # folder, so publishing never touches the obj/ folders other builds use. Incremental when up to date.
    AOT="$ROOT/artifacts/turn-aot/publish/rc-turn/release_linux-x64/rc-turn"
    if dotnet publish -c Release -r linux-x64 -p:PublishAot=true --artifacts-path "$ROOT/artifacts/turn-aot" \
         "$ROOT/src/Turn/Host/rc-turn.csproj" > "$WORK/publish.out" 2>&1 && [[ -x "$AOT" ]]; then
      RC_TURN="$AOT"; RC_KIND="NativeAOT"
    else
      echo "NativeAOT publish failed (needs clang or gcc); falling back to the JIT build:" >&2; tail -5 "$WORK/publish.out" >&2
    fi
  fi
  if [[ -z "$RC_TURN" ]]; then
    DLL="$ROOT/src/Turn/Host/bin/Release/net10.0/rc-turn.dll"
    # Incremental: cheap when up to date, and never benchmarks a stale engine.
    dotnet build -c Release "$ROOT/src/Turn/Host/rc-turn.csproj" > "$WORK/build.out" 2>&1 || { echo "rc-turn build failed:" >&2; tail -20 "$WORK/build.out" >&2; }
    RC_TURN="dotnet $DLL"; RC_KIND="JIT"
  elif [[ $RC_KIND == "-" ]]; then RC_KIND="given"; fi
  echo "rc-turn: $RC_KIND ($RC_TURN)" >&2
  # shellcheck disable=SC2086 # the launcher may be "dotnet x.dll"
  start_server rc-turn $RC_TURN
done

for row in "${ROWS[@]}"; do
  for name in "${SERVERS[@]}"; do
    [[ ${STATUS[$name]} == ok ]] || continue
    if ! kill -0 "${PID[$name]}" 2>/dev/null; then
      # Say so and go on with a fresh process (its HWM then restarts too).
      wait "${PID[$name]}" 2>/dev/null; code=$?
      NOTES+=("$name exited (status $code) before row '$row'; restarted. Last output: $(tail -1 "$WORK/$name.out" 2>/dev/null)")
      echo "  ${NOTES[-1]}" >&2
      if [[ $name == coturn ]]; then start_server coturn turnserver; else start_server rc-turn $RC_TURN; fi
      [[ ${STATUS[$name]} == ok ]] || continue
    fi
    runs=()
    for rep in $(seq 1 "$REPEAT"); do runs+=("$(run_row "$name" "$row" "$rep")"); done
    # The run with the median msgs/s (field 5) stands for the row.
    pick=$(printf '%s\n' "${runs[@]}" | sort -t' ' -k5,5n | sed -n "$(( (REPEAT + 1) / 2 ))p")
    RESULT["$name|$row"]="$pick"
    echo "  $name $row: $(printf '%s | ' "${runs[@]}")" >&2
  done
done
for name in "${SERVERS[@]}"; do stop_server "$name"; done

fmt_row() { # name row -> printed columns
  local v="${RESULT["$1|$2"]:-}" sent recv lost rtt rate ticks hwm rss load cpu us
  if [[ -z "$v" || "$v" == -* ]]; then printf "%-8s %9s %7s %7s %6s %9s %7s %7s %5s" "$1" "-" "-" "-" "-" "-" "-" "-" "-"; return; fi
  read -r sent recv lost rtt rate ticks hwm rss load <<< "$v"
  cpu=$(awk -v t="$ticks" -v hz="$HZ" 'BEGIN { printf "%.2f", t / hz }')
  us=$(awk -v t="$ticks" -v hz="$HZ" -v r="$recv" 'BEGIN { if (r > 0) printf "%.1f", t / hz * 1e6 / r; else print "-" }')
  printf "%-8s %9s %7s %7s %6s %9s %7s %7s %5s" "$1" "$rate" "$lost" "$rtt" "$cpu" "$us" \
    "$(awk -v k="$hwm" 'BEGIN { printf "%.1f", k / 1024 }')" "$(awk -v k="$rss" 'BEGIN { printf "%.1f", k / 1024 }')" "$load"
}

ratio() { # rc-turn/coturn for field index $2 (5 = msgs/s, 7 = HWM) or cpu per msg ("us")
  local a="${RESULT["rc-turn|$1"]:-}" b="${RESULT["coturn|$1"]:-}"
  [[ -z "$a" || -z "$b" || "$a" == -* || "$b" == -* ]] && { echo "-"; return; }
  awk -v a="$a" -v b="$b" -v f="$2" 'BEGIN {
    split(a, x, " "); split(b, y, " ")
    if (f == "us") { if (x[2] > 0 && y[2] > 0 && y[6] > 0) printf "%.2f", (x[6] / x[2]) / (y[6] / y[2]); else print "-" }
    else if (y[f] > 0) printf "%.2f", x[f] / y[f]; else print "-" }'
}

echo
echo "coturn: ${STATUS[coturn]}; rc-turn: ${STATUS[rc-turn]} ($RC_KIND); servers on core $SERVER_CORE, client+peer on core $CLIENT_CORE; repeat $REPEAT"
for name in "${SERVERS[@]}"; do
  [[ -n "${IDLE[$name]:-}" ]] && echo "$name idle after start: $(awk -v s="${IDLE[$name]}" 'BEGIN { split(s, k, " "); printf "VmHWM %.1f MB, VmRSS %.1f MB", k[1] / 1024, k[2] / 1024 }')"
done
for note in "${NOTES[@]}"; do echo "note: $note"; done
printf "%-22s %-8s %9s %7s %7s %6s %9s %7s %7s %5s   %s\n" "row" "server" "msgs/s" "loss%" "RTT ms" "CPU s" "CPU us/m" "HWM MB" "RSS MB" "load" "rc/co msgs/s, CPU/msg, HWM"
for row in "${ROWS[@]}"; do
  label=$(echo "$row" | awk '{ printf "%s %sB %sx %s", $1, $2, $3, $4 }')
  for name in "${SERVERS[@]}"; do
    printf "%-22s " "$label"; fmt_row "$name" "$row"
    if [[ $name == rc-turn && ${#SERVERS[@]} -eq 2 ]]; then printf "   %s, %s, %s" "$(ratio "$row" 5)" "$(ratio "$row" us)" "$(ratio "$row" 7)"; fi
    echo
  done
done
