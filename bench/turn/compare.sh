#!/usr/bin/env bash
# Side by side: coturn (turnserver) and rc-turn with the SAME generated turnserver.conf and the SAME
# turnutils_uclient loads, one server after the other, on 127.0.0.1 only.
#
# Usage: bench/turn/compare.sh [--quick] [--only coturn|rc-turn] [--rc-turn PATH] [--port N]
#   --quick          only UDP rows with 172-byte messages (6 rows instead of 24)
#   --only NAME      run one server only
#   --rc-turn PATH   rc-turn launcher (default: dotnet src/Turn/Host/bin/Release/net10.0/rc-turn.dll,
#                    built (incrementally) by this script with `dotnet build -c Release`)
#   --port N         listening port (default 34780; N+1 is the alternate port); relay ports 40000-40999
#   --server-core C  core the server is pinned to (default 0); client and peer use --client-core (default 1)
#   --keep           keep the work directory (configs, logs, raw uclient output)
#
# Rows: {UDP,TCP} × {172 B,1200 B} × {1,10,50 allocations} × {paced 50 pps (-z 20), unpaced (-z 0)}.
# Each uclient run is bounded by `timeout`. msgs/s comes from uclient's per-second progress lines
# (median per-second received-count growth between the first line with traffic and the first line
# with the final count),
# because its "total transmit time" includes random start delays (shared FACTS.md). CPU s is the
# server's utime+stime delta from /proc/PID/stat over the row; RSS MB is the server's VmHWM after it.
# loss% is (sent - received) / sent: uclient's own "lost packets" misses whole early bursts.
# Needs: coturn (turnserver, turnutils_uclient, turnutils_peer, turnutils_stunclient), taskset, dotnet.
set -uo pipefail

QUICK=0; ONLY=""; RC_TURN=""; PORT=34780; SERVER_CORE=0; CLIENT_CORE=1; KEEP=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --only) ONLY="$2"; shift ;;
    --rc-turn) RC_TURN="$2"; shift ;;
    --port) PORT="$2"; shift ;;
    --server-core) SERVER_CORE="$2"; shift ;;
    --client-core) CLIENT_CORE="$2"; shift ;;
    --keep) KEEP=1 ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "unknown flag $1" >&2; exit 1 ;;
  esac
  shift
done

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="$(mktemp -d /tmp/rc-turn-compare.XXXXXX)"
PEER_PORT=$((PORT + 10))
USER_NAME=bench; USER_PASS=bench-pass; REALM=bench.redconnect.test
HZ=$(getconf CLK_TCK)
SERVER_PID=""; PEER_PID=""

cleanup() {
  [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null
  [[ -n "$PEER_PID" ]] && kill "$PEER_PID" 2>/dev/null
  wait 2>/dev/null
  if [[ $KEEP -eq 0 ]]; then rm -rf "$WORK"; else echo "work directory kept: $WORK" >&2; fi
}
trap cleanup EXIT

for tool in turnserver turnutils_uclient turnutils_peer turnutils_stunclient taskset; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install coturn util-linux)" >&2; exit 1; }
done

# One configuration file for both servers. Keys only coturn implements (no-cli, simple-log) are
# accepted by rc-turn with a single warning.
CONF="$WORK/turnserver.conf"
cat > "$CONF" <<CONFEOF
listening-ip=127.0.0.1
relay-ip=127.0.0.1
listening-port=$PORT
alt-listening-port=$((PORT + 1))
min-port=40000
max-port=40999
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
pidfile=$WORK/server.pid
log-file=$WORK/server.log
CONFEOF

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
hwm_kb() { awk '/^VmHWM:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }

wait_ready() { # wait until the server answers a STUN Binding request
  for _ in $(seq 1 50); do
    kill -0 "$SERVER_PID" 2>/dev/null || return 1
    timeout 2 turnutils_stunclient -p "$PORT" 127.0.0.1 >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  return 1
}

start_server() { # $1 = coturn | rc-turn
  : > "$WORK/server.log"
  if [[ "$1" == coturn ]]; then
    taskset -c "$SERVER_CORE" turnserver -c "$CONF" > "$WORK/coturn.out" 2>&1 &
  else
    taskset -c "$SERVER_CORE" $RC_TURN -c "$CONF" > "$WORK/rc-turn.out" 2>&1 &
  fi
  SERVER_PID=$!
  wait_ready
}

stop_server() {
  [[ -n "$SERVER_PID" ]] && kill -TERM "$SERVER_PID" 2>/dev/null
  for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null; SERVER_PID=""
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
      ROWS+=("$proto $size $allocs paced" "$proto $size $allocs unpaced")
    done
  done
done

declare -A RESULT
run_rows() { # $1 = server name
  local name="$1" row proto size allocs pacing msgs z tflag out before after parsed
  for row in "${ROWS[@]}"; do
    read -r proto size allocs pacing <<< "$row"
    if [[ $pacing == paced ]]; then z=20; msgs=250; else z=0; msgs=$((60000 / allocs)); fi
    tflag=(); [[ $proto == tcp ]] && tflag=(-t)
    out="$WORK/$name-$proto-$size-$allocs-$pacing.txt"
    before=$(cpu_ticks "$SERVER_PID")
    timeout 90 taskset -c "$CLIENT_CORE" turnutils_uclient "${tflag[@]}" -c -u "$USER_NAME" -w "$USER_PASS" \
      -p "$PORT" -e 127.0.0.1 -r "$PEER_PORT" -m "$allocs" -n "$msgs" -l "$size" -z "$z" 127.0.0.1 > "$out" 2>&1
    after=$(cpu_ticks "$SERVER_PID")
    parsed=$(parse_uclient < "$out")
    RESULT["$name|$row"]="$parsed $(( after - before )) $(hwm_kb "$SERVER_PID")"
    echo "  $name $row: $parsed" >&2
  done
}

taskset -c "$CLIENT_CORE" turnutils_peer -L 127.0.0.1 -p "$PEER_PORT" > "$WORK/peer.out" 2>&1 &
PEER_PID=$!
sleep 0.5

STATUS_coturn="ok"; STATUS_rcturn="ok"
if [[ -z "$ONLY" || "$ONLY" == coturn ]]; then
  echo "coturn: $(turnserver --version 2>/dev/null | head -1)" >&2
  if start_server coturn; then run_rows coturn; else STATUS_coturn="failed to start"; fi
  stop_server
fi
if [[ -z "$ONLY" || "$ONLY" == rc-turn ]]; then
  if [[ -z "$RC_TURN" ]]; then
    DLL="$ROOT/src/Turn/Host/bin/Release/net10.0/rc-turn.dll"
    # Incremental: cheap when up to date, and never benchmarks a stale engine.
    dotnet build -c Release "$ROOT/src/Turn/Host/rc-turn.csproj" > "$WORK/build.out" 2>&1 || { echo "rc-turn build failed:" >&2; tail -20 "$WORK/build.out" >&2; }
    RC_TURN="dotnet $DLL"
  fi
  if start_server rc-turn; then run_rows rc-turn; else
    STATUS_rcturn="failed to start ($(grep -m1 -oE 'error: .*|Cannot start.*' "$WORK/rc-turn.out" || echo 'did not answer'))"
  fi
  stop_server
fi

fmt_row() { # name row -> printed columns; echoes "rate cpu_us" for ratios on fd 3
  local v="${RESULT["$1|$2"]:-}" sent recv lost rtt rate ticks hwm cpu us
  if [[ -z "$v" || "$v" == -* ]]; then printf "%-8s %9s %7s %7s %7s %9s %7s" "$1" "-" "-" "-" "-" "-" "-"; return; fi
  read -r sent recv lost rtt rate ticks hwm <<< "$v"
  cpu=$(awk -v t="$ticks" -v hz="$HZ" 'BEGIN { printf "%.2f", t / hz }')
  us=$(awk -v t="$ticks" -v hz="$HZ" -v r="$recv" 'BEGIN { if (r > 0) printf "%.1f", t / hz * 1e6 / r; else print "-" }')
  printf "%-8s %9s %7s %7s %7s %9s %7s" "$1" "$rate" "$lost" "$rtt" "$cpu" "$us" "$(awk -v k="$hwm" 'BEGIN { printf "%.1f", k / 1024 }')"
}

ratio() { # rc-turn/coturn for field index $2 (5 = msgs/s) or cpu per msg ("us")
  local a="${RESULT["rc-turn|$1"]:-}" b="${RESULT["coturn|$1"]:-}"
  [[ -z "$a" || -z "$b" || "$a" == -* || "$b" == -* ]] && { echo "-"; return; }
  awk -v a="$a" -v b="$b" -v f="$2" 'BEGIN {
    split(a, x, " "); split(b, y, " ")
    if (f == "us") { if (x[2] > 0 && y[2] > 0 && y[6] > 0) printf "%.2f", (x[6] / x[2]) / (y[6] / y[2]); else print "-" }
    else if (y[f] > 0) printf "%.2f", x[f] / y[f]; else print "-" }'
}

echo
echo "coturn: $STATUS_coturn; rc-turn: $STATUS_rcturn; server on core $SERVER_CORE, client+peer on core $CLIENT_CORE"
printf "%-22s %-8s %9s %7s %7s %7s %9s %7s   %s\n" "row" "server" "msgs/s" "loss%" "RTT ms" "CPU s" "CPU us/m" "RSS MB" "rc/co msgs/s, CPU/msg, RSS"
for row in "${ROWS[@]}"; do
  label=$(echo "$row" | awk '{ printf "%s %sB %sx %s", $1, $2, $3, $4 }')
  for name in coturn rc-turn; do
    [[ -n "$ONLY" && "$ONLY" != "$name" ]] && continue
    printf "%-22s " "$label"; fmt_row "$name" "$row"
    if [[ $name == rc-turn ]]; then printf "   %s, %s, %s" "$(ratio "$row" 5)" "$(ratio "$row" us)" "$(ratio "$row" 7)"
    elif [[ "$STATUS_rcturn" != ok && -z "$ONLY" ]]; then printf "   rc-turn %s" "failed to start"; fi
    echo
  done
done
