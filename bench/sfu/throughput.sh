#!/usr/bin/env bash
# End-to-end SFU forwarding throughput over loopback UDP (issue 4: ≥ 150 000 forwarded packets/s per core,
# < 0.1 % loss). Builds rc-sfu-load in Release and runs its lean --blast mode once per offered rate:
# P publishers send synthetic RTP through real ICE/DTLS/SRTP connections, M subscribers only count sequence
# gaps. The SFU's receive loop (thread "sfu-rx-0") is pinned to one core, every client thread to the other,
# and the SFU's CPU time (utime+stime of its receive loop) per forwarded packet is reported next to the
# wall-clock rate, because on a shared machine the CPU-time figure is the one that survives other load.
# Each run first sends WARMUP s at the same rate (tier-1 JIT code and caches in place, as in a long-running
# SFU), then measures. "SFU delay" is the node's own forwarding delay per incoming datagram: kernel arrival
# (SO_TIMESTAMPNS) to the sendmmsg that sent its last copy (SfuNodeOptions.MeasureForwardingDelay; per-packet
# I/O does not measure it). Subscribers poll their sockets every 1 ms (RECEIVE=poll, default) or block in
# recvmmsg (RECEIVE=blocking): a blocked receiver on loopback makes each datagram the SFU sends wake a thread
# on the other core, a cost charged to the SFU that an SFU sending to a network card does not pay.
#
# usage: bench/sfu/throughput.sh [rates…]        (default: 50000 100000 150000 200000 forwarded pkt/s)
# env:   SUBSCRIBERS=4 PUBLISHERS=4 PAYLOAD=1000 DURATION=4 WARMUP=2 SFU_CORE=0 CLIENT_CORE=1 REPEAT=1
#        IO=batched|per-packet|both (default both: recvmmsg/sendmmsg vs per-packet socket calls)
#        RECEIVE=poll|blocking (default poll)
# Bounded: each run ≤ WARMUP + DURATION s of sending plus set-up, killed after 90 s; loopback only.
set -euo pipefail
cd "$(dirname "$0")/../.."

SUBSCRIBERS=${SUBSCRIBERS:-4}
PUBLISHERS=${PUBLISHERS:-4}
PAYLOAD=${PAYLOAD:-1000}
DURATION=${DURATION:-4}
WARMUP=${WARMUP:-2}
RECEIVE=${RECEIVE:-poll}
SFU_CORE=${SFU_CORE:-0}
CLIENT_CORE=${CLIENT_CORE:-1}
REPEAT=${REPEAT:-1}
IO=${IO:-both}
RATES=("$@")
[ ${#RATES[@]} -eq 0 ] && RATES=(50000 100000 150000 200000)

dotnet build bench/RedConnect.SfuLoad -c Release -nologo -v q >/dev/null
DLL=bench/RedConnect.SfuLoad/bin/Release/net10.0/rc-sfu-load.dll

modes=()
case "$IO" in
  batched) modes=(batched) ;;
  per-packet) modes=(per-packet) ;;
  *) modes=(batched per-packet) ;;
esac

receive_flag=""
case "$RECEIVE" in
  poll) ;;
  blocking) receive_flag="--blocking-receive" ;;
  *) echo "RECEIVE must be poll or blocking, got '$RECEIVE'" >&2; exit 2 ;;
esac

echo "# SFU throughput: $PUBLISHERS publishers × $SUBSCRIBERS subscribers, payload $PAYLOAD B, sfu-rx on core $SFU_CORE, clients on core $CLIENT_CORE, ${WARMUP} s warm-up, subscribers $RECEIVE"
echo "# $(date -u +%FT%TZ) load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
echo "| socket I/O | offered fwd/s | forwarded/s | loss % | SFU core use % | SFU CPU s per 1M forwarded | ⇒ forwarded/s per full core | SFU delay p50 / p99 µs | load avg |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for mode in "${modes[@]}"; do
  flag=""
  [ "$mode" = per-packet ] && flag="--per-packet-io"
  for rate in "${RATES[@]}"; do
    for ((i = 0; i < REPEAT; i++)); do
      load=$(cut -d' ' -f1 /proc/loadavg)
      line=$(timeout 90 taskset -c "$SFU_CORE,$CLIENT_CORE" dotnet "$DLL" --blast "$rate" --publishers "$PUBLISHERS" \
        --subscribers "$SUBSCRIBERS" --payload "$PAYLOAD" --duration "$DURATION" --receive-loops 1 \
        --warmup "$WARMUP" --sfu-core "$SFU_CORE" --client-core "$CLIENT_CORE" $flag $receive_flag 2>&1 | grep '^RESULT' || echo "RESULT failed")
      get() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$line"; }
      delay="$(get sfu_delay_p50_us) / $(get sfu_delay_p99_us)"
      [ "$delay" = " / " ] && delay="n/a"
      echo "| $mode | $rate | $(get fwd_per_s) | $(get loss_pct) | $(get sfu_core_util_pct) | $(get sfu_cpu_s_per_1M_fwd) | $(get est_fwd_per_core_s) | $delay | $load |"
    done
  done
done
