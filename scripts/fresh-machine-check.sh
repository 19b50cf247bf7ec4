#!/usr/bin/env bash
# Proves the README's set-up on a machine that has none of our tools: a plain Debian 12
# container (no docker.io, no debootstrap, no make, no git, PID 1 is not systemd, like the
# CI machines) gets a copy of the committed tree and runs `scripts/bootstrap.sh` twice
# (cold, then warm), then `make demo` twice unless BAAS_FRESH_DEMO=0.
# Not part of `make test` (about 10 minutes, Docker inside Docker); run it as `make fresh-machine`.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
NAME=${BAAS_FRESH_NAME:-baas-fresh-machine}
IMAGE=${BAAS_FRESH_IMAGE:-baas-hardening/debian:12}
DEMO=${BAAS_FRESH_DEMO:-1}

log() { printf '[fresh-machine %s] %s\n' "$(date +%T)" "$*"; }
timed() { local t0=$SECONDS; "$@"; log "took $((SECONDS - t0)) s: ${*: -1}"; }
inside() { docker exec -w /root/baas-hardening "$NAME" bash -c "$1"; }

docker image inspect "$IMAGE" >/dev/null 2>&1 || { echo "no image $IMAGE: run scripts/bootstrap.sh first" >&2; exit 1; }
docker rm -f "$NAME" >/dev/null 2>&1 || true
trap 'docker rm -f "$NAME" >/dev/null 2>&1 || true' EXIT

# The same capabilities the Molecule hosts get; a tmpfs for the inner Docker's storage.
docker run -d --name "$NAME" --hostname fresh-machine \
  --cap-add SYS_ADMIN --cap-add NET_ADMIN --security-opt seccomp=unconfined \
  --cgroupns=host -v /sys/fs/cgroup:/sys/fs/cgroup:rw \
  --tmpfs /var/lib/docker:rw,exec,size=6g --tmpfs /run:rw,exec \
  --entrypoint sleep "$IMAGE" infinity >/dev/null

# A fresh machine: none of the tools the bootstrap is meant to install.
for tool in dockerd debootstrap make git; do
  if inside "command -v $tool" >/dev/null 2>&1; then echo "$IMAGE already has $tool: not a fresh machine" >&2; exit 1; fi
done
log "the fresh machine has no dockerd, debootstrap, make or git"

# The network trust of this machine (its egress proxy's CA and pip settings) is part of the
# machine, not of our set-up: a fresh machine of the same kind has it too.
docker cp /etc/ssl/certs/ca-certificates.crt "$NAME":/etc/ssl/certs/ca-certificates.crt
[ -f /etc/pip.conf ] && docker cp /etc/pip.conf "$NAME":/etc/pip.conf

docker exec "$NAME" mkdir -p /root/baas-hardening
git -C "$ROOT" archive HEAD | docker exec -i "$NAME" tar -x -C /root/baas-hardening

timed inside "bash scripts/bootstrap.sh"
inside "docker images --format '{{.Repository}}:{{.Tag}} {{.Size}}' | sort"
for tool in dockerd debootstrap make git; do inside "command -v $tool" >/dev/null; done
log "bootstrap installed dockerd, debootstrap, make and git and started dockerd"

timed inside "bash scripts/bootstrap.sh"   # warm: everything reused

if [ "$DEMO" = 1 ]; then
  timed inside "make demo"
  second=$(mktemp)
  timed inside "make demo" | tee "$second"    # (tee /dev/stderr would truncate a log file)
  grep -qE 'changed=0 .*failed=0' "$second" || { echo "second make demo did not report changed=0" >&2; exit 1; }
  rm -f "$second"
  log "second make demo: changed=0"
fi
log "passed"
