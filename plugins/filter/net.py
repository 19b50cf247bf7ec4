# -*- coding: utf-8 -*-
# Copyright: baas.hardening contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Network helpers for the roles: CIDR validation, address membership, UFW rule parsing."""

from __future__ import annotations

import binascii
import ipaddress

ANY = ("any", "0.0.0.0/0", "::/0")


def invalid_cidrs(values):
    """Return the entries of ``values`` that are not an IPv4/IPv6 address or network.

    ``any`` is accepted. Host bits set (``10.0.0.1/8``) are rejected: the user almost
    certainly meant something else, and ufw would silently widen or narrow it.
    """
    bad = []
    for value in values or []:
        text = str(value).strip()
        if text in ANY:
            continue
        try:
            ipaddress.ip_network(text, strict=True)
        except ValueError:
            bad.append(value)
    return bad


def ip_in_networks(address, networks):
    """True when ``address`` lies in one of ``networks`` (``any`` matches everything)."""
    try:
        ip = ipaddress.ip_address(str(address).strip())
    except ValueError:
        return False
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    for net in networks or []:
        text = str(net).strip()
        if text in ANY:
            return True
        try:
            if ip in ipaddress.ip_network(text, strict=False):
                return True
        except (ValueError, TypeError):
            continue
    return False


def normalize_source(value):
    """``any``/``0.0.0.0/0``/``::/0`` -> ``any``; a network in canonical form otherwise."""
    text = str(value if value is not None else "any").strip()
    if text in ANY or text == "":
        return "any"
    try:
        return str(ipaddress.ip_network(text, strict=False))
    except ValueError:
        return text


def ufw_managed_rules(user_rules, comment):
    """Parse ufw's ``user.rules``/``user6.rules`` text; return the input rules tagged ``comment``.

    Each result is ``{"rule", "port", "proto", "from_ip", "key"}``; ``key`` is
    ``proto/port/source`` with the source normalised, so v4 and v6 copies of one rule share a key.
    """
    wanted = binascii.hexlify(comment.encode("utf-8")).decode("ascii")
    seen = {}
    for line in (user_rules or "").splitlines():
        if not line.startswith("### tuple ### "):
            continue
        fields = line[len("### tuple ### "):].split()
        # action proto dport dst sport src direction [comment=hex]
        if len(fields) < 7 or fields[0].startswith("route:"):
            continue
        tags = dict(f.split("=", 1) for f in fields[7:] if "=" in f)
        if tags.get("comment") != wanted or fields[6] != "in":
            continue
        action, proto, dport, _dst, _sport, src = fields[:6]
        source = normalize_source(src)
        key = "%s/%s/%s" % (proto, dport, source)
        seen[key] = {"rule": action, "port": dport, "proto": proto, "from_ip": source, "key": key}
    return sorted(seen.values(), key=lambda r: r["key"])


def ufw_rule_key(rule, default_proto="tcp"):
    """The ``proto/port/source`` key of a rule written as ``{port, proto, from}``."""
    return "%s/%s/%s" % (rule.get("proto") or default_proto, rule["port"], normalize_source(rule.get("from", "any")))


class FilterModule:
    """baas.hardening network filters."""

    def filters(self):
        return {
            "invalid_cidrs": invalid_cidrs,
            "ip_in_networks": ip_in_networks,
            "ufw_managed_rules": ufw_managed_rules,
            "ufw_rule_key": ufw_rule_key,
        }
