#!/usr/bin/env bash
# Used as users use it: build the collection tarball, install it into an empty collections
# path, and run a consumer playbook (outside the repo) that imports baas.hardening.firewall by
# FQCN into its own play, against a throwaway systemd container.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=$(mktemp -d /tmp/baas-consumer.XXXXXX)
NAME=baas-consumer-$$
cleanup() { docker rm -f "$NAME" >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT

log() { printf '[consumer %s] %s\n' "$(date +%T)" "$*"; }

log "building the collection"
ansible-galaxy collection build --force --output-path "$WORK/dist" "$ROOT" >/dev/null
tarball=$(ls "$WORK"/dist/baas-hardening-*.tar.gz)
# Nothing of the development tree may ship.
if tar -tzf "$tarball" | grep -E '(^|/)(\.venv|\.cache|\.git)/' >/dev/null; then
  echo "consumer: the tarball contains development files" >&2; exit 1
fi

log "installing $(basename "$tarball") into an empty collections path"
mkdir -p "$WORK/collections" "$WORK/deps/ansible_collections"
# Only the empty path may be looked at: the checkout is linked into .cache/collections, and
# ansible-galaxy would call the collection "already installed" there and skip it.
ANSIBLE_COLLECTIONS_PATH="$WORK/collections" ansible-galaxy collection install --force --no-deps -p "$WORK/collections" "$tarball" >/dev/null
[ -f "$WORK/collections/ansible_collections/baas/hardening/MANIFEST.json" ] || { echo "consumer: the tarball did not install" >&2; exit 1; }
# Dependencies as a user gets them (here from the ansible wheel), without our checkout.
for ns in "$ROOT"/.cache/collections/ansible_collections/*/; do
  [ "$(basename "$ns")" = baas ] && continue
  ln -s "$ns" "$WORK/deps/ansible_collections/$(basename "$ns")"
done

log "starting a throwaway Debian 12 server"
docker run -d --name "$NAME" --label baas-hardening=consumer --hostname consumer \
  --cap-add SYS_ADMIN --cap-add NET_ADMIN --cgroupns=host -v /sys/fs/cgroup:/sys/fs/cgroup:rw \
  --tmpfs /run --tmpfs /run/lock --tmpfs /tmp -e container=docker --stop-signal SIGRTMIN+3 \
  baas-hardening/debian:12 >/dev/null

cat >"$WORK/inventory.yml" <<INV
all:
  hosts:
    $NAME:
      ansible_connection: community.docker.docker
INV
cat >"$WORK/playbook.yml" <<'PLAY'
---
- name: A user's own play that imports our role by FQCN
  hosts: all
  gather_facts: true
  tasks:
    - name: The user's own task
      ansible.builtin.copy:
        dest: /etc/motd
        content: "managed by my own playbook\n"
        mode: "0644"

    - name: Harden the firewall with baas.hardening
      ansible.builtin.import_role:
        name: baas.hardening.firewall
      vars:
        firewall_allow: [{port: 8443}]

  post_tasks:
    - name: Read UFW's state
      ansible.builtin.command: ufw status
      register: consumer_ufw
      changed_when: false

    - name: UFW is active with the rules the role owns
      ansible.builtin.assert:
        that:
          - "consumer_ufw.stdout is search('Status: active')"
          - "consumer_ufw.stdout is search('8443/tcp +ALLOW')"

    - name: The role came from the installed tarball, not the checkout
      ansible.builtin.assert:
        that: ansible_collection_path_check is search(work_dir)
      vars:
        ansible_collection_path_check: "{{ lookup('ansible.builtin.pipe', 'ansible-galaxy collection list baas.hardening') }}"
        work_dir: "{{ lookup('ansible.builtin.env', 'CONSUMER_WORK') }}"
PLAY

cd "$WORK"
export ANSIBLE_COLLECTIONS_PATH="$WORK/collections:$WORK/deps" ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false CONSUMER_WORK="$WORK"
unset ANSIBLE_CONFIG
log "running the consumer playbook"
ansible-playbook -i inventory.yml playbook.yml
log "second run: 0 changed expected"
out=$(ansible-playbook -i inventory.yml playbook.yml)
echo "$out" | tail -n 3
echo "$out" | grep -qE "$NAME +: ok=[0-9]+ +changed=0 " || { echo "consumer: second run changed something" >&2; exit 1; }
log "consumer test passed"
