# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.baas.hardening.plugins.module_utils.dotenv import Dotenv, DotenvError

# Shaped like the .env Appwrite's installer writes (names, order, quoting) plus hand edits.
APPWRITE_ENV = (
    b"_APP_ENV=production\n"
    b"_APP_LOCALE=en\n"
    b"_APP_OPTIONS_ABUSE=enabled\n"
    b"_APP_OPTIONS_FORCE_HTTPS=disabled\n"
    b"_APP_OPENSSL_KEY_V1=your-secret-key\n"
    b"_APP_DOMAIN=localhost\n"
    b"# hand-written comment, keep me\n"
    b"\n"
    b"_APP_REDIS_HOST=redis\n"
    b"_APP_REDIS_PASS=\n"
    b"_APP_DB_HOST=mariadb\n"
    b"_APP_DB_USER=user\n"
    b"_APP_DB_PASS=password\n"
    b"_APP_DB_ROOT_PASS=rootsecretpassword\n"
    b"_APP_EXECUTOR_SECRET=your-secret-key   # set by the installer\n"
    b"_APP_SMTP_PASSWORD='p@ss word'\n"
    b"export _APP_STORAGE_S3_SECRET=\"a\\\"b\"\n"
    b"  _APP_CONSOLE_WHITELIST_IPS = 10.0.0.1,10.0.0.2\r\n"
    b"this line is not an assignment\n"
    b"_APP_FUNCTIONS_RUNTIMES=node-16.0,php-8.0\n"
    b"_APP_NO_NEWLINE_AT_END=x"
)

NHOST_ENV = (
    b"POSTGRES_PASSWORD=secret-pg-password-never-use-this-value\n"
    b"HASURA_GRAPHQL_ADMIN_SECRET=nhost-admin-secret\n"
    b"HASURA_GRAPHQL_JWT_SECRET='{\"type\":\"HS256\", \"key\":\"5152fa85\",\"issuer\":\"hasura-auth\"}'\n"
    b"STORAGE_ACCESS_KEY=storage-access-key-never-use-this-value\n"
    b"DOMAIN=yourdomain.com\n"
)


@pytest.mark.parametrize('raw', [APPWRITE_ENV, NHOST_ENV, b'', b'\n\n', b'# only a comment', b'A=1\r\nB=2\r\n',
                                 b'BAD="unterminated\nNEXT=1\n', 'ÄNDERUNG=ü\n'.encode('utf-8'), b'BIN=\xff\xfe\n'])
def test_round_trip_is_byte_identical(raw):
    assert Dotenv.parse(raw).to_bytes() == raw


def test_values_decoded():
    doc = Dotenv.parse(APPWRITE_ENV)
    assert doc.get('_APP_EXECUTOR_SECRET') == 'your-secret-key'
    assert doc.get('_APP_SMTP_PASSWORD') == 'p@ss word'
    assert doc.get('_APP_STORAGE_S3_SECRET') == 'a"b'
    assert doc.get('_APP_CONSOLE_WHITELIST_IPS') == '10.0.0.1,10.0.0.2'
    assert doc.get('_APP_REDIS_PASS') == ''
    assert doc.get('_APP_NO_NEWLINE_AT_END') == 'x'
    assert doc.get('MISSING') is None
    assert 'this' not in doc.keys()
    doc2 = Dotenv.parse(NHOST_ENV)
    assert doc2.get('HASURA_GRAPHQL_JWT_SECRET').startswith('{"type":"HS256"')


def _changed_lines(a, b):
    la, lb = a.split(b'\n'), b.split(b'\n')
    assert len(la) == len(lb)
    return [i for i, (x, y) in enumerate(zip(la, lb)) if x != y]


def test_set_changes_only_that_value():
    doc = Dotenv.parse(APPWRITE_ENV)
    doc.set('_APP_EXECUTOR_SECRET', 'N3wValue')
    out = doc.to_bytes()
    changed = _changed_lines(APPWRITE_ENV, out)
    assert len(changed) == 1
    assert out.split(b'\n')[changed[0]] == b'_APP_EXECUTOR_SECRET=N3wValue   # set by the installer'


def test_set_keeps_quote_style_and_export_and_crlf():
    doc = Dotenv.parse(APPWRITE_ENV)
    doc.set('_APP_SMTP_PASSWORD', 'abc')
    doc.set('_APP_STORAGE_S3_SECRET', 'x"y')
    doc.set('_APP_CONSOLE_WHITELIST_IPS', '10.0.0.3')
    lines = doc.to_bytes().split(b'\n')
    assert b"_APP_SMTP_PASSWORD='abc'" in lines
    assert b'export _APP_STORAGE_S3_SECRET="x\\"y"' in lines
    assert b'  _APP_CONSOLE_WHITELIST_IPS = 10.0.0.3\r' in lines
    assert Dotenv.parse(doc.to_bytes()).get('_APP_STORAGE_S3_SECRET') == 'x"y'


def test_unquoted_value_needing_quotes_gets_quoted():
    doc = Dotenv.parse(b'J=old\n')
    doc.set('J', '{"type": "HS256", "key": "k"}')
    assert doc.to_bytes() == b'J=\'{"type": "HS256", "key": "k"}\'\n'
    assert Dotenv.parse(doc.to_bytes()).get('J') == '{"type": "HS256", "key": "k"}'


def test_broken_line_is_kept_but_not_editable():
    raw = b'BAD="unterminated\nOK=1\n'
    doc = Dotenv.parse(raw)
    with pytest.raises(DotenvError) as err:
        doc.set('BAD', 'x')
    assert 'unterminated' in str(err.value)
    doc.set('OK', '2')
    assert doc.to_bytes() == b'BAD="unterminated\nOK=2\n'


def test_set_missing_key_raises():
    with pytest.raises(DotenvError):
        Dotenv.parse(b'A=1\n').set('B', '2')


def test_duplicate_keys_last_wins_and_all_updated():
    doc = Dotenv.parse(b'A=1\nA=2\n')
    assert doc.get('A') == '2'
    doc.set('A', '3')
    assert doc.to_bytes() == b'A=3\nA=3\n'


def test_commented_assignment_is_not_a_key():
    doc = Dotenv.parse(b'#A=1\n  # B=2\n')
    assert doc.keys() == []
