# -*- coding: utf-8 -*-
# Copyright: baas.hardening contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""New secret values of the right form, from the OS CSPRNG (``secrets``/``os.urandom``)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import json
import re
import secrets
import string

ALNUM = string.ascii_letters + string.digits

FORMS = ('alnum', 'hex', 'base64url', 'hasura_jwt')

_KEY_MEMBER = re.compile(r'("key"\s*:\s*")((?:[^"\\]|\\.)*)(")')


class SecretFormError(ValueError):
    """Raised when a value cannot be generated for a key (message never carries a value)."""


def gen_alnum(length):
    return ''.join(secrets.choice(ALNUM) for dummy in range(length))


def gen_hex(nbytes):
    return secrets.token_hex(nbytes)


def gen_base64url(nbytes):
    return base64.urlsafe_b64encode(secrets.token_bytes(nbytes)).decode('ascii').rstrip('=')


def hasura_jwt_key(raw):
    """Return the signing key inside a Hasura JWT secret JSON (None if not parseable)."""
    try:
        data = json.loads(raw)
    except (TypeError, ValueError):
        return None
    if isinstance(data, dict) and isinstance(data.get('key'), str):
        return data['key']
    return None


def gen_hasura_jwt(old, key_bytes=64):
    """Replace only ``key`` of a Hasura HS* JWT secret JSON, keeping type, issuer and the rest.

    The field order and separators of the old JSON are kept where possible.
    """
    try:
        data = json.loads(old) if old else {'type': 'HS256', 'issuer': 'hasura-auth'}
    except ValueError:
        raise SecretFormError('the current value is not valid JSON')
    if not isinstance(data, dict):
        raise SecretFormError('the current value is not a JSON object')
    jwt_type = data.get('type', 'HS256')
    if not str(jwt_type).upper().startswith('HS'):
        raise SecretFormError('type %s is asymmetric (or a JWK URL): rotate it with your own key pair' % jwt_type)
    if 'jwk_url' in data:
        raise SecretFormError('a jwk_url secret has no local key to rotate')
    new_key = gen_hex(key_bytes)
    if 'key' not in data:
        new = dict(data)
        new.setdefault('type', 'HS256')
        new['key'] = new_key
        return json.dumps(new, separators=(',', ':'))
    # Replace only the text of the "key" string, so type, issuer, field order and spacing stay as written.
    hits = list(_KEY_MEMBER.finditer(old))
    if len(hits) == 1:
        m = hits[0]
        candidate = old[:m.start(2)] + new_key + old[m.end(2):]
        try:
            check = json.loads(candidate)
        except ValueError:
            check = None
        expected = dict(data)
        expected['key'] = new_key
        if check == expected:
            return candidate
    new = dict(data)
    new['key'] = new_key
    return json.dumps(new)


def generate(form, length, old=None):
    """Generate a value. ``length``: characters for alnum, bytes for hex/base64url/hasura_jwt."""
    if form == 'alnum':
        return gen_alnum(length)
    if form == 'hex':
        return gen_hex(length)
    if form == 'base64url':
        return gen_base64url(length)
    if form == 'hasura_jwt':
        return gen_hasura_jwt(old, length)
    raise SecretFormError('unknown form %s' % form)
