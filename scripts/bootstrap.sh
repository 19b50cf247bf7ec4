#!/usr/bin/env bash
# One set-up for `make demo` and `make test` on a fresh Debian 12 machine, as root.
# Installs what is missing, starts dockerd when its socket does not answer, builds the
# virtualenv and the dependency collections, and builds the local Debian base images.
# Everything that already exists is reused: a warm run takes seconds.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE="$ROOT/.cache"
VENV="$ROOT/.venv"
COLL="$CACHE/collections/ansible_collections"
ANSIBLE_PKG_VERSION=12.3.0          # ships the dependency collections pinned in galaxy.yml
COLLECTIONS="community/general community/docker community/crypto ansible/posix"
SUITES=${BAAS_SUITES:-"bookworm trixie"}
IMAGE_PREFIX=${BAAS_IMAGE_PREFIX:-baas-hardening/debian}
IMAGE_PACKAGES=python3,python3-apt,systemd,systemd-sysv,dbus,iproute2,sudo,procps,openssh-server,ca-certificates

log() { printf '[bootstrap %s] %s\n' "$(date +%T)" "$*"; }

[ "$(id -u)" -eq 0 ] || { echo "bootstrap: run as root (it installs packages and runs dockerd)" >&2; exit 1; }
mkdir -p "$CACHE"

# 1. Host packages -----------------------------------------------------------------------
need=()
command -v dockerd >/dev/null || need+=(docker.io)
command -v debootstrap >/dev/null || need+=(debootstrap)
command -v make >/dev/null || need+=(make)
command -v git >/dev/null || need+=(git)
command -v iptables >/dev/null || need+=(iptables)
command -v ssh-keygen >/dev/null || need+=(openssh-client)
command -v curl >/dev/null || need+=(curl)
python3 -c 'import ensurepip, venv' 2>/dev/null || need+=(python3-venv)
if [ ${#need[@]} -gt 0 ]; then
  log "installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# 2. Docker engine (PID 1 is not systemd here: start dockerd ourselves) -----------------------
if ! docker info >/dev/null 2>&1; then
  log "starting dockerd"
  mkdir -p /var/log
  setsid nohup dockerd >/var/log/baas-dockerd.log 2>&1 < /dev/null &
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1 || { echo "bootstrap: dockerd did not answer; see /var/log/baas-dockerd.log" >&2; exit 1; }
fi

# Every systemd test container holds inotify instances (journald, fail2ban's journal reader);
# the kernel default of 128 per user runs out with a few scenarios side by side.
if [ "$(cat /proc/sys/fs/inotify/max_user_instances 2>/dev/null || echo 1024)" -lt 1024 ]; then
  sysctl -qw fs.inotify.max_user_instances=1024 || log "could not raise fs.inotify.max_user_instances"
fi

# 3. Virtualenv with the pinned tools -----------------------------------------------------
req_hash=$(sha256sum "$ROOT/requirements-dev.txt" | cut -d' ' -f1)
if [ "$(cat "$VENV/.req-hash" 2>/dev/null)" != "$req_hash" ]; then
  log "building virtualenv $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --upgrade pip >/dev/null 2>&1 || true
  "$VENV/bin/pip" install -q -r "$ROOT/requirements-dev.txt"
  echo "$req_hash" > "$VENV/.req-hash"
fi

# 4. Dependency collections, without Galaxy: taken from the `ansible` wheel on PyPI -----------
stamp="$CACHE/collections/.from-ansible-$ANSIBLE_PKG_VERSION"
if [ ! -f "$stamp" ]; then
  log "extracting collections from ansible==$ANSIBLE_PKG_VERSION"
  tmp=$(mktemp -d)
  "$VENV/bin/pip" download -q --no-deps "ansible==$ANSIBLE_PKG_VERSION" -d "$tmp" 2>/dev/null
  rm -rf "$CACHE/collections"
  mkdir -p "$COLL"
  for c in $COLLECTIONS; do
    "$VENV/bin/python" - "$tmp"/ansible-*.whl "$CACHE/collections" "ansible_collections/$c/" <<'PY'
import sys, zipfile
whl, dest, prefix = sys.argv[1:4]
with zipfile.ZipFile(whl) as z:
    z.extractall(dest, [n for n in z.namelist() if n.startswith(prefix)])
PY
  done
  rm -rf "$tmp"
  touch "$stamp"
fi
mkdir -p "$COLL/baas"
ln -sfn "$ROOT" "$COLL/baas/hardening"

# 5. Local base images (no registry): debootstrap + docker import ---------------------------
mirror() {
  # The machine's own Debian mirror, read from its apt sources (never hard-coded).
  local m
  m=$(grep -hE '^(URIs:|deb )' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list /etc/apt/sources.list 2>/dev/null \
      | grep -oE 'https?://[^ ]+/debian/?' | grep -v security | head -n1 || true)
  [ -n "$m" ] || { echo "bootstrap: no Debian mirror found in the apt sources" >&2; exit 1; }
  echo "${m%/}"
}
for suite in $SUITES; do
  case $suite in bookworm) tag=12 ;; trixie) tag=13 ;; bullseye) tag=11 ;; *) tag=$suite ;; esac
  image="$IMAGE_PREFIX:$tag"
  if docker image inspect "$image" >/dev/null 2>&1; then continue; fi
  log "building $image from $(mirror) ($suite)"
  dir="$CACHE/rootfs-$suite"
  if [ ! -f "$dir/.baas-complete" ]; then
    rm -rf "$dir"
    debootstrap --variant=minbase --include="$IMAGE_PACKAGES" "$suite" "$dir" "$(mirror)" >"$CACHE/debootstrap-$suite.log" 2>&1 \
      || { tail -n 20 "$CACHE/debootstrap-$suite.log" >&2; exit 1; }
    # Each container gets its own machine-id from systemd at boot.
    rm -f "$dir"/var/lib/dbus/machine-id
    : > "$dir/etc/machine-id"
    chroot "$dir" apt-get clean
    touch "$dir/.baas-complete"
  fi
  tar -C "$dir" -c . | docker import \
    -c 'CMD ["/lib/systemd/systemd"]' -c 'ENV container=docker' - "$image" >/dev/null
  rm -rf "$dir"
done
log "ready"
