# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import stat

import pytest

from ansible_collections.baas.hardening.plugins.module_utils import catalog as cat
from ansible_collections.baas.hardening.plugins.module_utils.dotenv import Dotenv
from ansible_collections.baas.hardening.plugins.module_utils.rotation import DAY, RotationError, apply, plan, weakness
from ansible_collections.baas.hardening.plugins.module_utils.secretfile import JsonConfig, State, mask

STRONG = 'Q' * 20 + 'z9' * 10
NOW = 1800000000.0


def _doc():
    return Dotenv.parse(('_APP_OPENSSL_KEY_V1=%s\n_APP_EXECUTOR_SECRET=%s\n_APP_DB_PASS=%s\n' % (STRONG, STRONG + 'e', STRONG + 'd')).encode())


def _state(tmp_path):
    return State(str(tmp_path / 'state.json'))


def test_fresh_file_not_due_then_due_after_max_age(tmp_path):
    st = _state(tmp_path)
    p = plan(_doc(), 'appwrite', 'native', st, '/x/.env', NOW - 10 * DAY, NOW)
    assert [i['key'] for i in p['skipped']] == ['_APP_EXECUTOR_SECRET']
    assert p['skipped'][0]['age_source'] == 'file_mtime' and p['skipped'][0]['due_in_days'] == 80
    assert p['rotate'] == []
    p = plan(_doc(), 'appwrite', 'native', st, '/x/.env', NOW - 91 * DAY, NOW)
    assert [i['key'] for i in p['rotate']] == ['_APP_EXECUTOR_SECRET']


def test_state_time_wins_over_mtime_and_external_change_resets(tmp_path):
    st = _state(tmp_path)
    doc = _doc()
    st.record('/x/.env', '_APP_EXECUTOR_SECRET', doc.get('_APP_EXECUTOR_SECRET'), NOW - 100 * DAY)
    p = plan(doc, 'appwrite', 'native', st, '/x/.env', NOW - 1 * DAY, NOW)
    assert p['rotate'][0]['age_source'] == 'state'
    doc.set('_APP_EXECUTOR_SECRET', STRONG + 'changed')  # edited by hand since
    p = plan(doc, 'appwrite', 'native', st, '/x/.env', NOW - 1 * DAY, NOW)
    assert p['rotate'] == [] and p['skipped'][0]['age_source'] == 'file_mtime_changed_outside'


def test_max_age_per_key_and_force(tmp_path):
    st = _state(tmp_path)
    p = plan(_doc(), 'appwrite', 'native', st, '/x/.env', NOW - 10 * DAY, NOW,
             max_age_per_key={'_APP_EXECUTOR_SECRET': 7})
    assert [i['key'] for i in p['rotate']] == ['_APP_EXECUTOR_SECRET']
    p = plan(_doc(), 'appwrite', 'native', st, '/x/.env', NOW, NOW, force=True)
    assert [i['key'] for i in p['rotate']] == ['_APP_EXECUTOR_SECRET'] and p['rotate'][0]['why'] == 'force'


@pytest.mark.parametrize('value,flag', [('your-secret-key', 'known_default'), ('', 'empty'), ('change-me', 'known_default')])
def test_known_default_or_empty_is_always_due(tmp_path, value, flag):
    doc = Dotenv.parse(('HASURA_GRAPHQL_ADMIN_SECRET=%s\n' % value).encode())
    p = plan(doc, 'nhost', 'native', _state(tmp_path), '/n/.env', NOW, NOW)
    assert p['rotate'][0]['key'] == 'HASURA_GRAPHQL_ADMIN_SECRET' and flag in p['rotate'][0]['flags']


def test_published_nhost_jwt_key_is_flagged():
    spec = cat.lookup('nhost', 'HASURA_GRAPHQL_JWT_SECRET')
    upstream = [d for d in cat.KNOWN_DEFAULTS if len(d) == 128][0]
    value = '{"type":"HS256", "key":"%s","issuer":"hasura-auth"}' % upstream
    assert 'known_default' in weakness(spec, value)
    assert weakness(spec, '{"type":"HS256","key":"%s"}' % ('a' * 64)) == []


@pytest.mark.parametrize('platform,key,words', [
    ('appwrite', '_APP_OPENSSL_KEY_V1', ['encryption key', 'nothing is re-encrypted']),
    ('nhost', 'AUTH_ENCRYPTION_KEY', ['AES-GCM', 'unreadable']),
    ('appwrite', '_APP_DB_PASS', ['ALTER USER', 'first']),
    ('nhost', 'POSTGRES_PASSWORD', ['ALTER ROLE', 'first']),
    ('appwrite', '_APP_REDIS_PASS', ['--requirepass']),
])
def test_refused_keys_explain_why(tmp_path, platform, key, words):
    doc = Dotenv.parse(('%s=%s\n' % (key, STRONG)).encode())
    with pytest.raises(RotationError) as err:
        plan(doc, platform, 'native', _state(tmp_path), '/p/.env', NOW, NOW, keys=[key], force=True)
    for w in words:
        assert w in str(err.value)
    assert STRONG not in str(err.value)
    # without naming it: listed as refused, not rotated, even with force
    p = plan(doc, platform, 'native', _state(tmp_path), '/p/.env', NOW - 1000 * DAY, NOW, force=True)
    assert p['rotate'] == [] and p['refused'][0]['key'] == key


def test_unknown_and_absent_keys_fail_when_named(tmp_path):
    with pytest.raises(RotationError):
        plan(_doc(), 'appwrite', 'native', _state(tmp_path), '/x/.env', NOW, NOW, keys=['NOPE'])
    with pytest.raises(RotationError):
        plan(Dotenv.parse(b'A=1\n'), 'appwrite', 'native', _state(tmp_path), '/x/.env', NOW, NOW,
             keys=['_APP_EXECUTOR_SECRET'])


def test_apply_updates_mirror_and_masks_diff(tmp_path):
    doc = Dotenv.parse(b'HASURA_GRAPHQL_ADMIN_SECRET=nhost-admin-secret\nNEXT_PUBLIC_NHOST_ADMIN_SECRET=nhost-admin-secret\n')
    p = plan(doc, 'nhost', 'native', _state(tmp_path), '/n/.env', NOW, NOW)
    services, mirrors, before, after, old = apply(doc, 'nhost', 'native', p['rotate'])
    new = doc.get('HASURA_GRAPHQL_ADMIN_SECRET')
    assert doc.get('NEXT_PUBLIC_NHOST_ADMIN_SECRET') == new and mirrors == ['NEXT_PUBLIC_NHOST_ADMIN_SECRET']
    assert 'graphql' in services and 'auth' in services
    text = '\n'.join(before + after)
    assert 'nhost-admin-secret' not in text and new not in text and new[:4] not in text
    assert 'HASURA_GRAPHQL_ADMIN_SECRET=<masked, 18 chars>' in before


def test_parse_env_style_and_json_style(tmp_path):
    env = Dotenv.parse(('PARSE_SERVER_MASTER_KEY=%s\nPARSE_SERVER_JAVASCRIPT_KEY=%s\nPARSE_SERVER_APPLICATION_ID=app\n' % (STRONG, STRONG)).encode())
    p = plan(env, 'parse', 'env', _state(tmp_path), '/e', NOW, NOW, force=True)
    assert [i['key'] for i in p['rotate']] == ['PARSE_SERVER_MASTER_KEY']
    assert [i['key'] for i in p['refused']] == ['PARSE_SERVER_JAVASCRIPT_KEY']
    conf = JsonConfig.parse(json.dumps({'appId': 'a', 'masterKey': STRONG, 'maintenanceKey': STRONG + 'm', 'port': 1337}, indent=2) + '\n')
    p = plan(conf, 'parse', 'native', _state(tmp_path), '/c.json', NOW, NOW, force=True)
    assert sorted(i['key'] for i in p['rotate']) == ['maintenanceKey', 'masterKey']
    apply(conf, 'parse', 'native', p['rotate'])
    out = json.loads(conf.to_bytes().decode())
    assert list(out) == ['appId', 'masterKey', 'maintenanceKey', 'port'] and out['port'] == 1337
    assert out['masterKey'] != STRONG and len(out['masterKey']) == 40
    assert conf.to_bytes().startswith(b'{\n  "appId"') and conf.to_bytes().endswith(b'}\n')


def test_state_file_is_root_only_and_holds_no_values(tmp_path):
    st = _state(tmp_path)
    st.record('/x/.env', 'K', STRONG, NOW)
    st.save()
    path = str(tmp_path / 'state.json')
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    with open(path) as handle:
        assert STRONG not in handle.read()
    again = State(path)
    assert again.last_rotated('/x/.env', 'K', STRONG, 0) == (int(NOW), 'state')


def test_mask_never_shows_characters():
    assert mask('abcdefgh') == '<masked, 8 chars>'
    assert mask('') == '<empty>' and mask(None) == '<absent>'


def test_rollback_to_old_value_keeps_old_age(tmp_path):
    st = _state(tmp_path)
    st.record('/x/.env', 'K', 'old-value-1234567', NOW - 100 * DAY)
    st.record('/x/.env', 'K', 'new-value-1234567', NOW, previous=('old-value-1234567', NOW - 100 * DAY))
    # the role restored the backup after a failed health check
    assert st.last_rotated('/x/.env', 'K', 'old-value-1234567', NOW) == (int(NOW - 100 * DAY), 'state_rolled_back')
    assert st.last_rotated('/x/.env', 'K', 'new-value-1234567', NOW)[1] == 'state'
    assert st.last_rotated('/x/.env', 'K', 'third-value-12345', NOW - 5)[1] == 'file_mtime_changed_outside'
