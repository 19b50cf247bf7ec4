# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.baas.hardening.plugins.modules import secret_leak_scan

ADMIN = 'AdminSecretValue0123456789'
JWT = 'ab12' * 16
STORAGE = 'StorageSecret0123456789'


def _project(tmp_path):
    env = tmp_path / 'nhost' / '.env'
    env.parent.mkdir()
    env.write_text('HASURA_GRAPHQL_ADMIN_SECRET=%s\nHASURA_GRAPHQL_JWT_SECRET=\'{"type":"HS256","key":"%s"}\'\n'
                   'STORAGE_SECRET_KEY=%s\n' % (ADMIN, JWT, STORAGE))
    return str(env)


def _bundle(tmp_path, body):
    dist = tmp_path / 'www' / 'dist' / 'assets'
    dist.mkdir(parents=True)
    (dist / 'index-3f2a.js').write_text(body)
    (dist / 'logo.svg').write_text('<svg/>')
    return str(tmp_path / 'www')


def test_admin_secret_in_bundle_fails_with_file_and_line(tmp_path, run_module):
    env = _project(tmp_path)
    www = _bundle(tmp_path, 'var a=1;\nvar b=2;\nconst s="%s";\n' % ADMIN)
    res, failed = run_module(secret_leak_scan, dict(sources=[{'platform': 'nhost', 'path': env}], public_paths=[www]))
    assert failed
    assert res['findings'] == [{'file': www + '/dist/assets/index-3f2a.js', 'line': 3, 'key': 'HASURA_GRAPHQL_ADMIN_SECRET',
                                'kind': 'current_secret', 'privileged': True, 'public': True}]
    assert 'index-3f2a.js line 3 (HASURA_GRAPHQL_ADMIN_SECRET)' in res['msg']
    assert ADMIN not in res['_raw'] and JWT not in res['_raw'] and STORAGE not in res['_raw']
    assert res['scanned_files'] == 2


def test_clean_bundle_passes_and_jwt_inner_key_is_searched(tmp_path, run_module):
    env = _project(tmp_path)
    www = _bundle(tmp_path, 'const url="/v1/graphql";\n')
    src = tmp_path / 'src'
    src.mkdir()
    (src / 'config.ts').write_text('// dev\nexport const k = "%s"\n' % JWT)
    (src / '.git').mkdir()
    (src / '.git' / 'packed').write_text(ADMIN)  # not descended into
    res, failed = run_module(secret_leak_scan, dict(sources=[{'platform': 'nhost', 'path': env}], public_paths=[www],
                                                    paths=[str(src)]))
    assert not failed
    assert [(f['key'], f['line'], f['public']) for f in res['findings']] == [('HASURA_GRAPHQL_JWT_SECRET', 2, False)]
    assert JWT not in res['_raw']


def test_known_default_reported_and_fail_on_none(tmp_path, run_module):
    env = _project(tmp_path)
    www = _bundle(tmp_path, 'x="your-secret-key";y="%s"' % ADMIN)
    res, failed = run_module(secret_leak_scan, dict(sources=[{'platform': 'nhost', 'path': env}], public_paths=[www],
                                                    fail_on='none'))
    assert not failed
    assert sorted(f['kind'] for f in res['findings']) == ['current_secret', 'known_default']
    assert 'your-secret-key' not in res['_raw']


def test_extra_values_are_searched_and_hidden(tmp_path, run_module):
    www = _bundle(tmp_path, 'k="ExtraExtraExtra99"')
    res, failed = run_module(secret_leak_scan, dict(public_paths=[www], extra_values=['ExtraExtraExtra99']))
    assert failed and res['findings'][0]['key'] == 'extra_values[0]'
    assert 'ExtraExtraExtra99' not in res['_raw']


def test_a_copied_value_is_reported_once_under_its_source_key(tmp_path, run_module):
    env = tmp_path / '.env'
    env.write_text('NEXT_PUBLIC_NHOST_ADMIN_SECRET=%s\nHASURA_GRAPHQL_ADMIN_SECRET=%s\n' % (ADMIN, ADMIN))
    www = _bundle(tmp_path, 'const s="%s";\n' % ADMIN)
    res, failed = run_module(secret_leak_scan, dict(sources=[{'platform': 'nhost', 'path': str(env)}], public_paths=[www]))
    assert failed and [f['key'] for f in res['findings']] == ['HASURA_GRAPHQL_ADMIN_SECRET']
