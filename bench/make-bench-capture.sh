#!/usr/bin/env bash
# Records ~1 M packets of real traffic with tcpdump into bench/.cache/: two
# network namespaces joined by a veth pair (offloads off, so frames are
# wire-sized), carrying iperf3 TCP bulk transfers, an iperf3 UDP stream and
# short HTTP connections over IPv4 and IPv6. Nothing leaves the namespaces.
#   usage: make-bench-capture.sh [OUT] [mixed|many-connections]
#   mixed (bench-1m.pcap): ~15,000 HTTP connections, most packets from bulk streams.
#   many-connections (bench-conns-1m.pcap): ~36,000 short HTTP connections
#     beside two bulk streams, so per-conversation work dominates.
# Idempotent: an existing capture with >= 1 M packets is kept.
# Exit 0 = capture ready, 2 = prerequisites missing (reason on stderr).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${1:-$HERE/.cache/bench-1m.pcap}
PROFILE=${2:-mixed}
TARGET=1000000
case $PROFILE in
  # HTTP connections, client workers, file sizes served, IPv6 bulk rate and seconds, UDP rate.
  mixed) HTTP_COUNT=15000 HTTP_WORKERS=6 SIZES="300 2000 12000 60000 300 2000" BULK_RATE=250M BULK_SECONDS=15 UDP_RATE=24M ;;
  many-connections) HTTP_COUNT=36000 HTTP_WORKERS=12 SIZES="300 2000 12000 300 2000 5000" BULK_RATE=60M BULK_SECONDS=60 UDP_RATE=6M ;;
  *) echo "unknown profile: $PROFILE (mixed or many-connections)" >&2; exit 2 ;;
esac
STOP_AT=1050000 # tcpdump -c: a little headroom over the target

count_packets() { capinfos -c -M "$1" 2>/dev/null | awk '/Number of packets/ {print $NF}'; }

have=$( [[ -s $OUT ]] && count_packets "$OUT" || echo 0)
if (( ${have:-0} >= TARGET )); then
  echo "bench capture ready: $OUT ($have packets)"
  exit 0
fi

[[ $(id -u) == 0 ]] || { echo "needs root (network namespaces, tcpdump)" >&2; exit 2; }
for tool in ip tcpdump iperf3 python3 ethtool capinfos; do
  command -v "$tool" >/dev/null || { echo "missing tool: $tool" >&2; exit 2; }
done

# Names start with bench- so they never collide with other namespaces on the machine.
CLI=bench-cli-$$
SRV=bench-srv-$$
# RFC 2544 benchmarking range and the IPv6 documentation prefix: only inside our namespaces.
CLI4=198.18.0.1 SRV4=198.18.0.2 CLI6=2001:db8:be::1 SRV6=2001:db8:be::2
WORK=$(mktemp -d)
TMP_OUT=$OUT.partial

cleanup() {
  for ns in "$CLI" "$SRV"; do
    # Deleting a namespace does not end its processes: stop ours first.
    pids=$(ip netns pids "$ns" 2>/dev/null || true)
    [[ -n $pids ]] && kill $pids 2>/dev/null || true
  done
  sleep 0.5
  for ns in "$CLI" "$SRV"; do
    pids=$(ip netns pids "$ns" 2>/dev/null || true)
    [[ -n $pids ]] && kill -9 $pids 2>/dev/null || true
    ip netns del "$ns" 2>/dev/null || true
  done
  rm -rf "$WORK" "$TMP_OUT"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$(dirname "$OUT")"
ip netns add "$CLI"
ip netns add "$SRV"
ip link add veth0 netns "$CLI" type veth peer name veth0 netns "$SRV"
for ns in "$CLI" "$SRV"; do
  ip -n "$ns" link set lo up
  # Without this the capture holds 64 KB GSO super-frames instead of real 1514-byte frames.
  ip netns exec "$ns" ethtool -K veth0 tso off gso off gro off >/dev/null 2>&1 || true
done
ip -n "$CLI" addr add $CLI4/24 dev veth0
ip -n "$SRV" addr add $SRV4/24 dev veth0
ip -n "$CLI" addr add $CLI6/64 dev veth0 nodad
ip -n "$SRV" addr add $SRV6/64 dev veth0 nodad
ip -n "$CLI" link set veth0 up
ip -n "$SRV" link set veth0 up

# Servers: iperf3 (TCP and UDP on separate ports) and a dual-stack HTTP/1.0 file server.
mkdir -p "$WORK/www"
for size in $SIZES; do head -c "$size" /dev/urandom >"$WORK/www/f$size"; done
ip netns exec "$SRV" iperf3 -s -p 5201 >/dev/null 2>&1 &
ip netns exec "$SRV" iperf3 -s -p 5202 >/dev/null 2>&1 &
ip netns exec "$SRV" python3 -m http.server 8080 --bind :: --directory "$WORK/www" >/dev/null 2>&1 &
for _ in $(seq 50); do
  ip netns exec "$CLI" bash -c "exec 3<>/dev/tcp/$SRV4/8080" 2>/dev/null && break
  sleep 0.1
done

# -B: a 128 MiB kernel buffer so the bulk transfer is not dropped while the file is written.
ip netns exec "$CLI" timeout 170 tcpdump -i veth0 -s 0 -B 131072 -c $STOP_AT -w "$TMP_OUT" 2>"$WORK/tcpdump.log" &
TCPDUMP=$!
sleep 1

urls=()
for size in $SIZES; do
  urls+=("http://$SRV4:8080/f$size" "http://[$SRV6]:8080/f$size")
done
# All three run side by side, as on a busy link; rates are capped so tcpdump keeps up.
ip netns exec "$CLI" python3 "$HERE/http-load.py" "$HTTP_COUNT" "$HTTP_WORKERS" "${urls[@]}" &
HTTP=$!
ip netns exec "$CLI" iperf3 -c $SRV4 -p 5202 -u -b $UDP_RATE -l 300 -t 18 >/dev/null &
UDP=$!
ip netns exec "$CLI" iperf3 -c $SRV6 -p 5201 -b $BULK_RATE -t "$BULK_SECONDS" >/dev/null &
BULK=$!
wait $HTTP $UDP $BULK || true
# Top up with bulk TCP until tcpdump has its packet count (bounded by the deadline).
deadline=$((SECONDS + 120))
while kill -0 $TCPDUMP 2>/dev/null && ((SECONDS < deadline)); do
  ip netns exec "$CLI" iperf3 -c $SRV4 -p 5201 -b 300M -t 2 >/dev/null 2>&1 || sleep 1
done
kill -INT $TCPDUMP 2>/dev/null || true
wait $TCPDUMP 2>/dev/null || true
grep -E 'captured|dropped' "$WORK/tcpdump.log" >&2 || true

got=$(count_packets "$TMP_OUT" || echo 0)
if (( got < TARGET )); then
  echo "only $got packets captured (need $TARGET)" >&2
  exit 1
fi
mv "$TMP_OUT" "$OUT"
echo "bench capture ready: $OUT ($got packets, $(du -h "$OUT" | cut -f1))"
