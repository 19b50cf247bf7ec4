# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

from ansible_collections.baas.hardening.plugins.modules import secret_audit

UPSTREAM_JWT_KEY = ('5152fa850c02dc222631cca898ed1485821a70912a6e3649c49076912daa3b62182ba013315915d64f40'
                    'cddfbb8b58eb5bd11ba225336a6af45bbae07ca873f3')


def _file(tmp_path, text, mode=0o644):
    path = tmp_path / '.env'
    path.write_text(text)
    os.chmod(str(path), mode)
    return str(path)


def test_nhost_findings_without_values(tmp_path, run_module):
    text = ('POSTGRES_PASSWORD=\nHASURA_GRAPHQL_ADMIN_SECRET=Adm1nAdm1nAdm1nAdm1nAdm1n\n'
            'HASURA_GRAPHQL_JWT_SECRET=\'{"type":"HS256", "key":"%s","issuer":"hasura-auth"}\'\n'
            'NEXT_PUBLIC_NHOST_ADMIN_SECRET=Adm1nAdm1nAdm1nAdm1nAdm1n\nAUTH_ENCRYPTION_KEY=Zq7xKw\n' % UPSTREAM_JWT_KEY)
    path = _file(tmp_path, text)
    res, failed = run_module(secret_audit, dict(platform='nhost', path=path, state_file=str(tmp_path / 's.json')))
    assert not failed and not res['changed'] and not res['ok']
    f = '\n'.join(res['findings'])
    assert 'mode 0644' in f
    assert 'POSTGRES_PASSWORD: empty value' in f
    assert 'HASURA_GRAPHQL_JWT_SECRET: published default' in f
    assert 'NEXT_PUBLIC_NHOST_ADMIN_SECRET: browser-facing config carries HASURA_GRAPHQL_ADMIN_SECRET' in f
    assert 'AUTH_ENCRYPTION_KEY: weak and not rotatable here' in f
    by_key = dict((s['key'], s) for s in res['secrets'])
    assert by_key['HASURA_GRAPHQL_JWT_SECRET']['due'] and not by_key['HASURA_GRAPHQL_ADMIN_SECRET']['due']
    assert by_key['AUTH_ENCRYPTION_KEY']['action'] == 'refuse'
    for value in ('Adm1nAdm1nAdm1nAdm1nAdm1n', UPSTREAM_JWT_KEY, 'Zq7xKw'):
        assert value not in res['_raw']
    assert not os.path.exists(str(tmp_path / 's.json'))


def test_clean_appwrite_file_is_ok_and_fail_on_findings(tmp_path, run_module):
    path = _file(tmp_path, '_APP_OPENSSL_KEY_V1=%s\n_APP_EXECUTOR_SECRET=%s\n' % ('k' * 32, 'e' * 32), 0o600)
    res, failed = run_module(secret_audit, dict(platform='appwrite', path=path, state_file=str(tmp_path / 's.json'),
                                                fail_on_findings=True))
    assert not failed and res['ok'] and res['findings'] == [] and res['file']['mode'] == '0600'
    res, failed = run_module(secret_audit, dict(platform='appwrite', path=path, state_file=str(tmp_path / 's.json'),
                                                fail_on_findings=True, known_values=['k' * 32]))
    assert failed and '_APP_OPENSSL_KEY_V1: published default or known-compromised value' in res['msg']
    assert 'k' * 32 not in res['_raw']


def test_appwrite_default_executor_secret(tmp_path, run_module):
    path = _file(tmp_path, '_APP_OPENSSL_KEY_V1=your-secret-key\n_APP_EXECUTOR_SECRET=your-secret-key\n', 0o600)
    res, failed = run_module(secret_audit, dict(platform='appwrite', path=path, state_file=str(tmp_path / 's.json')))
    f = '\n'.join(res['findings'])
    assert '_APP_EXECUTOR_SECRET: published default' in f
    assert '_APP_OPENSSL_KEY_V1: weak and not rotatable here' in f
    assert 'your-secret-key' not in res['_raw']
