# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import stat

from ansible_collections.baas.hardening.plugins.module_utils.dotenv import Dotenv
from ansible_collections.baas.hardening.plugins.module_utils.secretgen import hasura_jwt_key
from ansible_collections.baas.hardening.plugins.modules import secret_rotate

JWT_OLD = 'aa11' * 16
NHOST = (
    "# Nhost example .env, hand edited\n"
    "POSTGRES_PASSWORD=pg-Password-0123456789\n"
    "HASURA_GRAPHQL_ADMIN_SECRET=nhost-admin-secret\n"
    "HASURA_GRAPHQL_JWT_SECRET='{\"type\":\"HS256\", \"key\":\"%s\",\"issuer\":\"hasura-auth\"}'\n"
    "STORAGE_ACCESS_KEY=storage-access-key-never-use-this-value\n"
    "STORAGE_SECRET_KEY=Strong0Strong1Strong2Strong3Strong4\n"
    "AUTH_ENCRYPTION_KEY=EncEncEncEncEncEncEncEncEncEncEnc1\n"
    "NEXT_PUBLIC_NHOST_ADMIN_SECRET=nhost-admin-secret\n"
    "DOMAIN=yourdomain.com\n" % JWT_OLD
)


def _setup(tmp_path, content=NHOST, name='.env'):
    path = tmp_path / 'proj' / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(content)
    os.chmod(str(path), 0o640)
    return dict(path=str(path), state_file=str(tmp_path / 'state' / 'state.json'),
                backup_dir=str(tmp_path / 'backups'))


def _all_values(*texts):
    vals = set()
    for text in texts:
        for k, v in Dotenv.parse(text.encode()).as_dict().items():
            if v and k != 'DOMAIN':
                vals.add(v)
                inner = hasura_jwt_key(v)
                if inner:
                    vals.add(inner)
    return vals


def test_rotates_due_keys_then_second_run_is_no_change(tmp_path, run_module):
    args = _setup(tmp_path)
    args['platform'] = 'nhost'
    res, failed = run_module(secret_rotate, args, diff=True)
    assert not failed and res['changed']
    # known defaults are due at once; the strong, fresh STORAGE_SECRET_KEY is not
    assert sorted(res['rotated']) == ['HASURA_GRAPHQL_ADMIN_SECRET', 'STORAGE_ACCESS_KEY']
    assert [s['key'] for s in res['not_due']] == ['HASURA_GRAPHQL_JWT_SECRET', 'STORAGE_SECRET_KEY']
    assert res['mirrors'] == ['NEXT_PUBLIC_NHOST_ADMIN_SECRET']
    assert set(r['key'] for r in res['refused']) == {'AUTH_ENCRYPTION_KEY', 'POSTGRES_PASSWORD'}
    new_text = open(args['path']).read()
    for value in _all_values(NHOST, new_text):
        assert value not in res['_raw'], 'a secret value leaked into the result'
    assert 'HASURA_GRAPHQL_ADMIN_SECRET=<masked, 18 chars>' in res['diff']['before']
    # file: only the rotated lines differ, mode 0600, backup 0600 with the old content
    old_lines, new_lines = NHOST.split('\n'), new_text.split('\n')
    assert [i for i, (a, b) in enumerate(zip(old_lines, new_lines)) if a != b] == [2, 4, 7]
    assert stat.S_IMODE(os.stat(args['path']).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(res['backup_file']).st_mode) == 0o600
    assert open(res['backup_file']).read() == NHOST
    assert stat.S_IMODE(os.stat(args['state_file']).st_mode) == 0o600
    res2, failed = run_module(secret_rotate, args)
    assert not failed and not res2['changed'] and res2['rotated'] == []
    assert open(args['path']).read() == new_text


def test_check_mode_reports_and_writes_nothing(tmp_path, run_module):
    args = _setup(tmp_path)
    args['platform'] = 'nhost'
    res, failed = run_module(secret_rotate, args, check=True, diff=True)
    assert not failed and res['changed'] and 'HASURA_GRAPHQL_ADMIN_SECRET' in res['rotated']
    assert res['msg'].startswith('would rotate')
    assert open(args['path']).read() == NHOST
    assert not os.path.exists(args['state_file']) and not os.path.exists(args['backup_dir'])
    for value in _all_values(NHOST):
        assert value not in res['_raw']


def test_force_one_key_keeps_jwt_json(tmp_path, run_module):
    args = _setup(tmp_path)
    args.update(platform='nhost', keys=['HASURA_GRAPHQL_JWT_SECRET'], force=True)
    res, failed = run_module(secret_rotate, args)
    assert not failed and res['rotated'] == ['HASURA_GRAPHQL_JWT_SECRET']
    assert res['services'] == ['auth', 'graphql']
    doc = Dotenv.parse(open(args['path'], 'rb').read())
    data = json.loads(doc.get('HASURA_GRAPHQL_JWT_SECRET'))
    assert data['type'] == 'HS256' and data['issuer'] == 'hasura-auth' and data['key'] != JWT_OLD
    assert doc.get('HASURA_GRAPHQL_ADMIN_SECRET') == 'nhost-admin-secret'  # not selected
    assert data['key'] not in res['_raw']


def test_refuses_named_destructive_key(tmp_path, run_module):
    args = _setup(tmp_path, '_APP_OPENSSL_KEY_V1=your-secret-key\n_APP_EXECUTOR_SECRET=x\n')
    args.update(platform='appwrite', keys=['_APP_OPENSSL_KEY_V1'], force=True)
    res, failed = run_module(secret_rotate, args)
    assert failed and 'encryption key' in res['msg'] and 'your-secret-key' not in res['_raw']
    assert open(args['path']).read() == '_APP_OPENSSL_KEY_V1=your-secret-key\n_APP_EXECUTOR_SECRET=x\n'
    args['keys'] = ['AUTH_ENCRYPTION_KEY']
    args['platform'] = 'nhost'
    args.update(_setup(tmp_path, NHOST))
    res, failed = run_module(secret_rotate, args)
    assert failed and 'AES-GCM' in res['msg']
    assert 'EncEncEncEncEncEncEncEncEncEncEnc1' not in res['_raw']


def test_parse_config_json_and_dashboard_sync(tmp_path, run_module):
    master = 'M' * 30 + 'aster0123'
    conf = json.dumps({'appId': 'myapp', 'masterKey': master, 'javascriptKey': 'jsjsjsjsjsjs', 'databaseURI': 'postgres://u:dbpassword1@db/p'}, indent=2) + '\n'
    args = _setup(tmp_path, conf, 'config.json')
    dash = tmp_path / 'dash.json'
    dash.write_text(json.dumps({'apps': [{'appId': 'myapp', 'masterKey': master}, {'appId': 'other', 'masterKey': 'zzz'}]}))
    args.update(platform='parse', keys=['masterKey'], force=True, dashboard_config=str(dash))
    res, failed = run_module(secret_rotate, args)
    assert not failed and res['rotated'] == ['masterKey'] and res['dashboard_updated']
    new_master = json.load(open(args['path']))['masterKey']
    assert new_master != master
    apps = json.load(open(str(dash)))['apps']
    assert apps[0]['masterKey'] == new_master and apps[1]['masterKey'] == 'zzz'
    assert master not in res['_raw'] and new_master not in res['_raw']
    assert 'dbpassword1' not in res['_raw']


def test_parse_env_file(tmp_path, run_module):
    env = 'PARSE_SERVER_APPLICATION_ID=app\nPARSE_SERVER_MASTER_KEY=change-me\nPARSE_SERVER_DATABASE_URI=postgres://u:p@db/x\n'
    args = _setup(tmp_path, env, 'parse.env')
    args['platform'] = 'parse'
    res, failed = run_module(secret_rotate, args)
    assert not failed and res['rotated'] == ['PARSE_SERVER_MASTER_KEY']
    assert [r['key'] for r in res['refused']] == ['PARSE_SERVER_DATABASE_URI']
    assert open(args['path']).read().startswith('PARSE_SERVER_APPLICATION_ID=app\nPARSE_SERVER_MASTER_KEY=')


def test_missing_file_fails_cleanly(tmp_path, run_module):
    res, failed = run_module(secret_rotate, dict(platform='appwrite', path=str(tmp_path / 'nope'),
                                                 state_file=str(tmp_path / 's'), backup_dir=str(tmp_path / 'b')))
    assert failed and 'does not exist' in res['msg']


def test_restoring_the_backup_keeps_the_old_age(tmp_path, run_module):
    strong = 'Xy' * 20
    text = '_APP_OPENSSL_KEY_V1=%s\n_APP_EXECUTOR_SECRET=%s\n' % ('k' * 40, strong)
    args = _setup(tmp_path, text)
    args.update(platform='appwrite', force=True)
    res, failed = run_module(secret_rotate, args)
    assert not failed and res['rotated'] == ['_APP_EXECUTOR_SECRET']
    # what the role's rescue does after a failed health check
    with open(res['backup_file'], 'rb') as src, open(args['path'], 'wb') as dst:
        dst.write(src.read())
    args['force'] = False
    res, failed = run_module(secret_rotate, args)
    assert not failed and not res['changed']
    assert res['not_due'][0]['age_source'] == 'state_rolled_back'
    assert open(args['path']).read() == text


def test_backup_retention_through_the_module(tmp_path, run_module):
    args = _setup(tmp_path, '_APP_EXECUTOR_SECRET=%s\n' % ('A1' * 20))
    args.update(platform='appwrite', force=True, backup_retention=2)
    backups = []
    for dummy in range(4):
        res, failed = run_module(secret_rotate, args)
        assert not failed
        backups.append(res['backup_file'])
    kept = sorted(os.listdir(args['backup_dir']))
    assert len(kept) == 2 and os.path.basename(backups[-1]) in kept
