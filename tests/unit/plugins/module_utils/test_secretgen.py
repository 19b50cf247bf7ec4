# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import re
import string

import pytest

from ansible_collections.baas.hardening.plugins.module_utils import secretgen
from ansible_collections.baas.hardening.plugins.module_utils.secretgen import SecretFormError, generate, hasura_jwt_key

UPSTREAM_JWT = '{"type":"HS256", "key":"5152fa850c02dc22","issuer":"hasura-auth"}'


def test_alnum_length_alphabet_and_uniqueness():
    values = set(generate('alnum', 48) for dummy in range(200))
    assert len(values) == 200
    for v in values:
        assert len(v) == 48 and set(v) <= set(string.ascii_letters + string.digits)


def test_hex_and_base64url():
    h = generate('hex', 32)
    assert re.match(r'^[0-9a-f]{64}$', h)
    b = generate('base64url', 32)
    assert re.match(r'^[A-Za-z0-9_-]{43}$', b)


def test_uses_os_csprng(monkeypatch):
    calls = []
    real = secretgen.secrets.choice

    def spy(seq):
        calls.append(1)
        return real(seq)
    monkeypatch.setattr(secretgen.secrets, 'choice', spy)
    generate('alnum', 10)
    assert len(calls) == 10


def test_hasura_jwt_keeps_type_issuer_and_layout():
    new = generate('hasura_jwt', 64, UPSTREAM_JWT)
    data = json.loads(new)
    assert data['type'] == 'HS256' and data['issuer'] == 'hasura-auth'
    assert re.match(r'^[0-9a-f]{128}$', data['key'])
    assert data['key'] != '5152fa850c02dc22'
    # only the key text changed: same layout around it
    assert new.replace(data['key'], 'K') == UPSTREAM_JWT.replace('5152fa850c02dc22', 'K')
    assert hasura_jwt_key(new) == data['key']


def test_hasura_jwt_keeps_extra_fields():
    old = json.dumps({'type': 'HS512', 'key': 'x' * 40, 'claims_namespace': 'https://hasura.io/jwt/claims',
                      'allowed_skew': 30})
    data = json.loads(generate('hasura_jwt', 64, old))
    assert data['type'] == 'HS512' and data['claims_namespace'] == 'https://hasura.io/jwt/claims'
    assert data['allowed_skew'] == 30 and data['key'] != 'x' * 40


@pytest.mark.parametrize('old', ['{"type":"RS256","key":"-----BEGIN PUBLIC KEY-----"}',
                                 '{"type":"HS256","jwk_url":"https://x/jwks"}', 'not json', '[1]'])
def test_hasura_jwt_refuses_what_it_cannot_rotate(old):
    with pytest.raises(SecretFormError) as err:
        generate('hasura_jwt', 64, old)
    assert 'BEGIN' not in str(err.value)


def test_unknown_form():
    with pytest.raises(SecretFormError):
        generate('rot13', 8)
