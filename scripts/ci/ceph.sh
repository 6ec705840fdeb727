#!/usr/bin/env bash
# A throwaway one-node Ceph cluster with radosgw, the S3 server for the storage tests:
# fast, unsafe, local only.
#
#   scripts/ci/ceph.sh start DIR PORT   # prints the S3 settings on stdout (see below)
#   scripts/ci/ceph.sh stop DIR
#
# One monitor, one OSD keeping its objects in memory (memstore) and radosgw on
# 127.0.0.1:PORT, with authentication off between them (auth none, crc modes) and
# pools of size 1. Everything (config, monitor and OSD data, pid files, sockets,
# logs) lives inside DIR, so never point DIR at anything you want to keep; `start`
# wipes what an earlier cluster left there. On success `start` prints, quoted for
# `set -a; eval "$(scripts/ci/ceph.sh start DIR PORT)"; set +a`:
#
#   AWS_ACCESS_KEY_ID='…'
#   AWS_SECRET_ACCESS_KEY='…'
#   PAMERAN_TEST_S3_URL='s3://pameran-test?endpoint_url=http://127.0.0.1:PORT&region=us-east-1'
#
# The keys are fixed throwaway values of the S3 user the script creates. It starts
# in about 2 s; `stop` (TERM, then KILL after 15 s) takes up to ~10 s, radosgw's shutdown.
# Needs: apt-get install -y --no-install-recommends radosgw ceph-mon ceph-osd (and curl).
set -euo pipefail

ACCESS_KEY=PAMERANTESTACCESSKEY
SECRET_KEY=pameran-test-secret-key-not-for-production
BUCKET=pameran-test
REGION=us-east-1
DAEMONS=(client.rgw.a osd.0 mon.a)  # stop order: clients first, the monitor last

usage() {
    echo "usage: $0 start DIR PORT | stop DIR" >&2
    exit 2
}

fail() {
    echo "ceph.sh: $*" >&2
    exit 1
}

# Shows the end of a daemon's log, then stops whatever was started.
fail_with_log() {
    local dir=$1 name=$2
    shift 2
    echo "ceph.sh: $*" >&2
    if [ -f "$dir/log/$name.log" ]; then
        echo "--- last lines of $dir/log/$name.log:" >&2
        tail -n 30 "$dir/log/$name.log" >&2
    fi
    stop "$dir"
    exit 1
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Runs a command until it succeeds, for at most $1 seconds.
wait_for() {
    local seconds=$1
    shift
    local deadline=$((SECONDS + seconds))
    until "$@" >/dev/null 2>&1; do
        [ $SECONDS -lt $deadline ] || return 1
        sleep 0.25
    done
}

# A zombie (exited, not yet reaped by its parent) counts as gone.
running() {
    local state
    state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
    [ -n "$state" ] && [ "$state" != Z ]
}

pid_alive() {
    local pid_file=$1
    [ -s "$pid_file" ] && running "$(cat "$pid_file")"
}

write_config() {
    local dir=$1 port=$2 mon_port=$3 fsid=$4
    cat >"$dir/ceph.conf" <<EOF
[global]
fsid = $fsid
mon host = [v2:127.0.0.1:$mon_port]
public addr = 127.0.0.1
cluster addr = 127.0.0.1
ms bind msgr1 = false

# No cephx: without it radosgw needs crc (not "secure") modes, or it retries
# forever with "get_initial_auth_request returned -13".
auth cluster required = none
auth service required = none
auth client required = none
ms mon client mode = crc
ms client mode = crc
ms mon cluster mode = crc
ms cluster mode = crc
ms mon service mode = crc
ms service mode = crc

# One OSD: pools of one copy, few placement groups, no autoscaler (that is a mgr module).
osd pool default size = 1
osd pool default min size = 1
mon allow pool size one = true
mon warn on pool no redundancy = false
osd crush chooseleaf type = 0
mon max pg per osd = 1000
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
mon data avail warn = 1
mon data avail crit = 0

# Faster map updates: each new pool (radosgw makes six) waits for one (1 s by default).
paxos propose interval = 0.05

# Everything under DIR.
keyring = $dir/keyring
run dir = $dir/run
pid file = $dir/run/\$name.pid
admin socket = $dir/run/\$name.asok
log file = $dir/log/\$name.log
mon cluster log file = $dir/log/cluster.log
crash dir = $dir/crash
mon data = $dir/mon/\$name
osd data = $dir/osd/\$name
rgw data = $dir/rgw/\$name

osd objectstore = memstore
memstore device bytes = 2147483648

[client.rgw.a]
rgw frontends = beast endpoint=127.0.0.1:$port
EOF
}

# An authenticated S3 request: s3 PORT METHOD PATH [curl arguments…]. curl 7.88 signs
# (SigV4) but leaves out x-amz-content-sha256, which radosgw needs, hence the header.
s3() {
    local port=$1 method=$2 path=$3
    shift 3
    curl -fsS --max-time 60 --aws-sigv4 "aws:amz:$REGION:s3" --user "$ACCESS_KEY:$SECRET_KEY" \
        -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" -X "$method" "$@" "http://127.0.0.1:$port$path"
}

start() {
    local dir=$1 port=$2
    local bin
    for bin in ceph-authtool monmaptool ceph-mon ceph-osd ceph radosgw radosgw-admin curl; do
        command -v "$bin" >/dev/null \
            || fail "$bin not found (apt-get install -y --no-install-recommends radosgw ceph-mon ceph-osd curl)"
    done
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    local name
    for name in "${DAEMONS[@]}"; do
        pid_alive "$dir/run/$name.pid" && fail "a cluster is already running in $dir (stop it first)"
    done
    python3 -c 'import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))' "$port" 2>/dev/null || fail "port $port is already taken"
    rm -rf "$dir/ceph.conf" "$dir/keyring" "$dir/monmap" "$dir/run" "$dir/log" "$dir/crash" \
        "$dir/mon" "$dir/osd" "$dir/rgw"
    mkdir -p "$dir/run" "$dir/log" "$dir/crash" "$dir/mon" "$dir/osd/osd.0" "$dir/rgw"

    local fsid mon_port osd_uuid conf setup_log
    fsid=$(cat /proc/sys/kernel/random/uuid)
    osd_uuid=$(cat /proc/sys/kernel/random/uuid)
    mon_port=$(free_port)
    conf=$dir/ceph.conf
    setup_log=$dir/log/setup.log
    write_config "$dir" "$port" "$mon_port" "$fsid"
    export CEPH_CONF=$conf  # for every tool below, besides the explicit -c

    {
        ceph-authtool --create-keyring "$dir/keyring" --gen-key -n mon. --cap mon 'allow *'
        ceph-authtool "$dir/keyring" --gen-key -n client.admin --cap mon 'allow *' \
            --cap osd 'allow *' --cap mgr 'allow *'
        monmaptool --create --fsid "$fsid" --addv a "[v2:127.0.0.1:$mon_port]" "$dir/monmap"
        ceph-mon -c "$conf" -i a --mkfs --monmap "$dir/monmap" --keyring "$dir/keyring"
    } >>"$setup_log" 2>&1 || fail_with_log "$dir" setup "could not create the monitor"

    ceph-mon -c "$conf" -i a >>"$setup_log" 2>&1 \
        || fail_with_log "$dir" mon.a "the monitor did not start"
    wait_for 30 ceph -c "$conf" --connect-timeout 5 mon stat \
        || fail_with_log "$dir" mon.a "the monitor does not answer on port $mon_port"

    local osd_id
    osd_id=$(ceph -c "$conf" --connect-timeout 10 osd new "$osd_uuid" 2>>"$setup_log") \
        || fail_with_log "$dir" setup "ceph osd new failed"
    [ "$osd_id" = 0 ] || fail_with_log "$dir" setup "expected OSD id 0, got '$osd_id'"
    ceph-osd -c "$conf" -i 0 --mkfs --osd-uuid "$osd_uuid" >>"$setup_log" 2>&1 \
        || fail_with_log "$dir" osd.0 "ceph-osd --mkfs failed"
    ceph-osd -c "$conf" -i 0 >>"$setup_log" 2>&1 \
        || fail_with_log "$dir" osd.0 "the OSD did not start"
    osd_up() { ceph -c "$conf" --connect-timeout 5 osd stat | grep -q ' 1 up'; }
    wait_for 60 osd_up || fail_with_log "$dir" osd.0 "the OSD did not come up"

    radosgw -c "$conf" -n client.rgw.a >>"$setup_log" 2>&1 \
        || fail_with_log "$dir" client.rgw.a "radosgw did not start"
    radosgw-admin -c "$conf" user create --uid=pameran-test --display-name="Pameran tests" \
        --access-key="$ACCESS_KEY" --secret-key="$SECRET_KEY" >>"$setup_log" 2>&1 \
        || fail_with_log "$dir" setup "radosgw-admin user create failed"
    # ListBuckets as the new user: the gateway, the user and the cluster all work.
    wait_for 60 s3 "$port" GET / --max-time 5 \
        || fail_with_log "$dir" client.rgw.a "radosgw does not answer S3 requests on port $port"

    # The first bucket and object make radosgw create its index and data pools (~4 s):
    # done here, so that the tests' first request is as fast as the others.
    {
        s3 "$port" PUT /pameran-warmup &&
            s3 "$port" PUT /pameran-warmup/warm --data-binary warm &&
            s3 "$port" DELETE /pameran-warmup/warm &&
            s3 "$port" DELETE /pameran-warmup
    } >>"$setup_log" 2>&1 || fail_with_log "$dir" client.rgw.a "the first S3 writes failed"

    # Quoted, for `eval` (the URL has a "&").
    echo "AWS_ACCESS_KEY_ID='$ACCESS_KEY'"
    echo "AWS_SECRET_ACCESS_KEY='$SECRET_KEY'"
    echo "PAMERAN_TEST_S3_URL='s3://$BUCKET?endpoint_url=http://127.0.0.1:$port&region=$REGION'"
}

# Stops one daemon from its pid file: TERM, then KILL if it is still there after $3 s.
stop_daemon() {
    local dir=$1 name=$2 seconds=$3 pid deadline
    pid_alive "$dir/run/$name.pid" || return 0
    pid=$(cat "$dir/run/$name.pid")
    kill -TERM "$pid" 2>/dev/null || true
    deadline=$((SECONDS + seconds))
    while running "$pid" && [ $SECONDS -lt $deadline ]; do sleep 0.1; done
    if running "$pid"; then
        echo "ceph.sh: $name (pid $pid) did not stop within $seconds s: killing it" >&2
        kill -KILL "$pid" 2>/dev/null || true
        deadline=$((SECONDS + 5))
        while running "$pid" && [ $SECONDS -lt $deadline ]; do sleep 0.1; done
    fi
}

# One after the other: radosgw needs the OSD and the monitor to shut down cleanly
# (about 5 s; it waits much longer when they are gone first).
stop() {
    local dir=$1 name
    [ -d "$dir/run" ] || return 0
    for name in "${DAEMONS[@]}"; do
        stop_daemon "$dir" "$name" 15
    done
}

case "${1:-}" in
    start) [ $# -eq 3 ] || usage; start "$2" "$3" ;;
    stop) [ $# -eq 2 ] || usage; stop "$2" ;;
    *) usage ;;
esac
