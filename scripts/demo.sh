#!/usr/bin/env bash
# `make demo`: harden a local Debian 12 systemd container ("the server") with site.yml and the
# bundled demo inventory, then show what the server exposes now. The container is kept, so
# running `make demo` again shows the second run: 0 changed. `make demo-clean` removes it.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
NAME=baas-demo-server
STATE="$ROOT/demo/.state"
mkdir -p "$STATE"

log() { printf '\n=== %s\n' "$*"; }

if ! docker inspect "$NAME" >/dev/null 2>&1; then
  log "booting the demo server ($NAME, Debian 12, systemd)"
  docker run -d --name "$NAME" --hostname "$NAME" --label baas-hardening=demo \
    --cap-add SYS_ADMIN --cap-add NET_ADMIN --security-opt seccomp=unconfined --cgroupns=host \
    -v /sys/fs/cgroup:/sys/fs/cgroup:rw --tmpfs /run --tmpfs /run/lock --tmpfs /tmp \
    -e container=docker --stop-signal SIGRTMIN+3 baas-hardening/debian:12 >/dev/null
  rm -f "$STATE/runs"
elif [ "$(docker inspect -f '{{.State.Running}}' "$NAME")" != true ]; then
  docker start "$NAME" >/dev/null
fi
for _ in $(seq 1 30); do
  s=$(docker exec "$NAME" systemctl is-system-running 2>/dev/null || true)
  case $s in running|degraded) break ;; esac
  sleep 1
done
[ -x "$ROOT/scripts/demo-prepare.sh" ] && "$ROOT/scripts/demo-prepare.sh" "$NAME" "$STATE"

run=$(( $(cat "$STATE/runs" 2>/dev/null || echo 0) + 1 ))
echo "$run" > "$STATE/runs"
log "run $run: ansible-playbook site.yml -i demo/inventory.yml"
extra=()
[ -f "$STATE/vars.yml" ] && extra=(-e "@$STATE/vars.yml")
start=$(date +%s)
ANSIBLE_CALLBACKS_ENABLED=ansible.posix.profile_tasks ansible-playbook site.yml -i demo/inventory.yml "${extra[@]}" | tee "$STATE/last-run.log"
secs=$(( $(date +%s) - start ))
recap=$(grep -E "^$NAME +: " "$STATE/last-run.log" | tail -n 1)

log "what the server exposes now"
docker exec "$NAME" bash -c '
  echo "--- listening sockets (ss -tlnup)"; ss -tlnup | sed "s/users:.*//"
  echo; echo "--- ufw status verbose"; ufw status verbose
  if command -v iptables >/dev/null; then echo; echo "--- DOCKER-USER (ports published by Docker)"; iptables -S DOCKER-USER 2>/dev/null || true; fi
  if command -v sshd >/dev/null && [ -f /etc/ssh/sshd_config.d/00-baas-hardening.conf ]; then
    echo; echo "--- sshd effective settings"; mkdir -p /run/sshd
    sshd -T 2>/dev/null | grep -Ei "^(port|passwordauthentication|kbdinteractiveauthentication|permitrootlogin|pubkeyauthentication|maxauthtries|kexalgorithms|ciphers|macs) "
  fi
  if command -v fail2ban-client >/dev/null; then echo; echo "--- fail2ban"; fail2ban-client status; fi
  if command -v nginx >/dev/null; then
    echo; echo "--- nginx: what https://localhost/ answers (self-signed in the demo)"
    python3 - <<PY
import ssl, urllib.request, urllib.error
ctx = ssl._create_unverified_context()
def get(url, method="GET"):
    try:
        r = urllib.request.urlopen(urllib.request.Request(url, method=method), context=ctx, timeout=5)
        return r.status, r.headers
    except urllib.error.HTTPError as e:
        return e.code, e.headers
status, headers = get("https://localhost/health")
print("HTTP", status)
for h in ("Strict-Transport-Security", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy", "Server"):
    print("  %s: %s" % (h, headers.get(h)))
codes = [get("https://localhost/v1/account/sessions/email", "POST")[0] for _ in range(8)]
print("8 quick logins at /v1/account/sessions/email (ratelimit, auth zone):", codes)
PY
  fi
' || true

log "run $run took ${secs}s; recap: $recap"
if [ "$run" -gt 1 ]; then
  if echo "$recap" | grep -q ' changed=0 '; then echo "second run: 0 changed (idempotent)"; else echo "WARNING: a rerun changed something"; exit 1; fi
else
  echo "Run 'make demo' again: the second run reports 0 changed."
fi
