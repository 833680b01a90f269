#!/usr/bin/env bash
# A one-node Ceph with its S3 gateway (RADOS Gateway) for tests and benchmarks on one machine, from
# Debian's packages (ceph-mon, ceph-osd, radosgw): one monitor, one OSD keeping objects in memory
# (memstore), pools of size 1, no cephx. Not for production: a province runs a real Ceph (or MinIO,
# or a cloud's S3) and gives the app its endpoint and keys (docs/OPERATIONS.md).
#
#   scripts/ceph-s3.sh start   starts it (idempotent) and prints the S3_* settings for the app
#   scripts/ceph-s3.sh env     prints the settings of the running one
#   scripts/ceph-s3.sh stop    stops it and removes its data
#
# CEPH_DIR (default /tmp/vanphong-ceph) holds its configuration, data, logs and pids; CEPH_RGW_PORT
# (7480) the gateway's port, CEPH_MON_PORT (6789) the monitor's.
set -euo pipefail
DIR="${CEPH_DIR:-/tmp/vanphong-ceph}"
RGW_PORT="${CEPH_RGW_PORT:-7480}"
MON_PORT="${CEPH_MON_PORT:-6789}"
CONF="$DIR/ceph.conf"
ACCESS_KEY=vanphong-test
SECRET_KEY=vanphong-test-secret-key-0123456789

settings() {
  cat <<ENV
FILES_BACKEND=s3
S3_ENDPOINT=http://127.0.0.1:$RGW_PORT
S3_REGION=default
S3_BUCKET=vanphong
S3_ACCESS_KEY_ID=$ACCESS_KEY
S3_SECRET_ACCESS_KEY=$SECRET_KEY
S3_FORCE_PATH_STYLE=true
ENV
}

up() { curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$RGW_PORT/" 2>/dev/null | grep -q '^200$'; }

stop() {
  for pidfile in "$DIR"/run/*.pid; do
    [ -f "$pidfile" ] || continue
    pid="$(cat "$pidfile")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$DIR"
}

start() {
  if up; then settings; return; fi
  command -v ceph-mon >/dev/null && command -v ceph-osd >/dev/null && command -v radosgw >/dev/null || {
    echo "Ceph is not installed: apt-get install ceph-mon ceph-osd radosgw" >&2; exit 1; }
  stop
  mkdir -p "$DIR"/{mon,osd,rgw,run,log}
  local fsid; fsid="$(cat /proc/sys/kernel/random/uuid)"
  cat > "$CONF" <<CONFEOF
[global]
fsid = $fsid
mon initial members = a
mon host = v1:127.0.0.1:$MON_PORT
public network = 127.0.0.0/8
auth cluster required = none
auth service required = none
auth client required = none
ms mon client mode = crc
osd pool default size = 1
osd pool default min size = 1
mon allow pool size one = true
mon warn on pool no redundancy = false
osd crush chooseleaf type = 0
osd objectstore = memstore
memstore device bytes = 4294967296
pid file = $DIR/run/\$name.pid
run dir = $DIR/run
admin socket = $DIR/run/\$name.asok
log file = $DIR/log/\$name.log
keyring = $DIR/keyring
client mount timeout = 60
[mon.a]
mon data = $DIR/mon
[osd.0]
osd data = $DIR/osd
[client.rgw.a]
rgw frontends = beast endpoint=127.0.0.1:$RGW_PORT
rgw data = $DIR/rgw
rgw dns name = 127.0.0.1
CONFEOF
  ceph-authtool --create-keyring "$DIR/keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null
  monmaptool --create --addv a "[v1:127.0.0.1:$MON_PORT]" --fsid "$fsid" "$DIR/monmap" >/dev/null
  ceph-mon -c "$CONF" --mkfs -i a --monmap "$DIR/monmap" --keyring "$DIR/keyring"
  ceph-mon -c "$CONF" -i a
  local osd_uuid; osd_uuid="$(cat /proc/sys/kernel/random/uuid)"
  ceph -c "$CONF" osd new "$osd_uuid" >/dev/null
  ceph-osd -c "$CONF" -i 0 --mkfs --osd-uuid "$osd_uuid" 2>/dev/null
  ceph-osd -c "$CONF" -i 0 2>>"$DIR/log/start.log"
  radosgw -c "$CONF" -n client.rgw.a
  for _ in $(seq 1 120); do up && break; sleep 0.5; done
  up || { echo "the S3 gateway did not answer on port $RGW_PORT; logs in $DIR/log" >&2; exit 1; }
  radosgw-admin -c "$CONF" user create --uid=vanphong --display-name=VanPhong --access-key="$ACCESS_KEY" --secret-key="$SECRET_KEY" >/dev/null
  settings
}

case "${1:-start}" in
  start) start ;;
  env) settings ;;
  stop) stop ;;
  *) echo "usage: $0 start|env|stop" >&2; exit 2 ;;
esac
