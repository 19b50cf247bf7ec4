"""Unit tests for baas.hardening's network filters."""

from ansible_collections.baas.hardening.plugins.filter import net

USER_RULES = """
### tuple ### allow tcp 22 0.0.0.0/0 any 10.1.0.0/16 in comment=626161732e68617264656e696e67206669726577616c6c
### tuple ### allow tcp 80 0.0.0.0/0 any 0.0.0.0/0 in comment=626161732e68617264656e696e67206669726577616c6c
### tuple ### allow udp 6000:6010 0.0.0.0/0 any 0.0.0.0/0 in
### tuple ### route:allow tcp 8080 0.0.0.0/0 any 0.0.0.0/0 in comment=626161732e68617264656e696e67206669726577616c6c
### tuple ### allow tcp 80 ::/0 any ::/0 in comment=626161732e68617264656e696e67206669726577616c6c
"""


def test_invalid_cidrs_flags_bad_prefix_and_text():
    assert net.invalid_cidrs(["10.0.0.0/8", "10.0.0.0/33", "any", "2001:db8::/32", "nope", "10.0.0.1/8"]) == [
        "10.0.0.0/33", "nope", "10.0.0.1/8"]


def test_ip_in_networks():
    assert net.ip_in_networks("10.1.2.3", ["192.0.2.0/24", "10.1.0.0/16"])
    assert not net.ip_in_networks("10.2.2.3", ["10.1.0.0/16"])
    assert net.ip_in_networks("::ffff:10.1.2.3", ["10.1.0.0/16"])
    assert net.ip_in_networks("203.0.113.9", ["any"])
    assert not net.ip_in_networks("not-an-ip", ["any"])


def test_managed_rules_only_tagged_input_rules_v4_v6_merged():
    rules = net.ufw_managed_rules(USER_RULES, "baas.hardening firewall")
    assert [r["key"] for r in rules] == ["tcp/22/10.1.0.0/16", "tcp/80/any"]
    assert rules[0] == {"rule": "allow", "port": "22", "proto": "tcp", "from_ip": "10.1.0.0/16", "key": "tcp/22/10.1.0.0/16"}


def test_managed_rules_other_comment_is_left_alone():
    assert net.ufw_managed_rules(USER_RULES, "someone else") == []


def test_rule_key_matches_parsed_key():
    assert net.ufw_rule_key({"port": 22, "from": "10.1.0.0/16"}) == "tcp/22/10.1.0.0/16"
    assert net.ufw_rule_key({"port": "6000:6010", "proto": "udp"}) == "udp/6000:6010/any"
    assert net.ufw_rule_key({"port": 80, "from": "0.0.0.0/0"}) == "tcp/80/any"
