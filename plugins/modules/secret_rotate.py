#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: baas.hardening contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: secret_rotate
short_description: Rotate the secrets of a self-hosted Appwrite, Nhost or Parse Server, on a schedule, atomically
version_added: 0.1.0
description:
  - Generates new values for the secrets in the file a platform really reads (Appwrite C(appwrite/.env),
    Nhost C(.env), Parse Server C(config.json) or a C(PARSE_SERVER_*) env file) and writes the file atomically
    (temp file in the same directory, fsync, rename, same owner, mode C(0600)) after a timestamped C(0600) backup.
  - Dotenv files keep comments, order, quoting and unrelated lines byte for byte.
  - Each key has a I(max_age); last-rotation times live in a root-only state file. A run rotates only what is
    due (or holds a published default or empty value) unless I(force). A second run reports no change.
  - Values have the form each platform expects, from the OS CSPRNG. C(HASURA_GRAPHQL_JWT_SECRET) keeps its JSON
    (C(type), C(issuer), other fields) and only gets a new C(key).
  - Keys whose rotation destroys data are refused with the reason (C(_APP_OPENSSL_KEY_V1), C(AUTH_ENCRYPTION_KEY)).
    Keys that need a second side changed first (database passwords, Appwrite's Redis password, provider-issued
    keys) are refused with step-by-step instructions. Asking for a refused key by name fails the task.
  - The module only edits files. Apply with C(docker compose up -d) in the project directory (a restart does not
    reload C(.env)); the C(baas.hardening.baas_secrets) role does that with a health check and rollback.
  - No secret value ever appears in the result, the diff or an error message.
author:
  - baas.hardening contributors
extends_documentation_fragment:
  - baas.hardening.secret_file
options:
  keys:
    description:
      - Keys to consider. Default is every rotatable key of the catalog present in the file.
      - Naming a refused or unknown key, or one missing from the file, fails with the reason.
    type: list
    elements: str
  max_age:
    description: Days after which a key is due.
    type: int
    default: 90
  max_age_per_key:
    description: Per-key overrides of I(max_age), in days.
    type: dict
    default: {}
  force:
    description: Rotate the selected keys even if they are not due.
    type: bool
    default: false
  state_file:
    description: Root-only JSON file with last-rotation times and salted fingerprints (never values).
    type: path
    default: /var/lib/baas-hardening/secrets-state.json
  backup_dir:
    description: Directory (mode C(0700)) for timestamped C(0600) backups taken before each write.
    type: path
    default: /var/backups/baas-hardening/secrets
  backup_retention:
    description: Backups kept per file (older ones are removed).
    type: int
    default: 10
  dashboard_config:
    description:
      - Parse only. A Parse Dashboard config whose C(apps[].masterKey) / C(readOnlyMasterKey) equal to the old value
        is updated to the new one in the same run (backup and atomic write as for I(path)).
    type: path
attributes:
  check_mode:
    support: full
    description: Reports what would rotate; writes nothing (not even the state file).
  diff_mode:
    support: full
    description: Shows key names with masked values (length only), never a value.
notes:
  - Run as root so the state file and backups stay root-only.
seealso:
  - module: baas.hardening.secret_audit
  - module: baas.hardening.secret_leak_scan
'''

EXAMPLES = r'''
- name: Rotate Appwrite secrets that are due (quarterly)
  baas.hardening.secret_rotate:
    platform: appwrite
    path: /opt/appwrite/.env
  register: rotation

- name: Apply - recreate changed services (restart would not reload .env)
  ansible.builtin.command:
    cmd: docker compose up -d
    chdir: /opt/appwrite
  when: rotation is changed

- name: Rotate the Nhost JWT secret now
  baas.hardening.secret_rotate:
    platform: nhost
    path: /opt/nhost/.env
    keys: [HASURA_GRAPHQL_JWT_SECRET]
    force: true

- name: Rotate the Parse master key monthly and keep the dashboard in sync
  baas.hardening.secret_rotate:
    platform: parse
    path: /etc/parse-server/config.json
    keys: [masterKey]
    max_age: 30
    dashboard_config: /etc/parse-dashboard/config.json
'''

RETURN = r'''
rotated:
  description: Keys given new values (in check mode, keys that would be).
  returned: always
  type: list
  elements: str
  sample: [_APP_EXECUTOR_SECRET]
details:
  description: Per rotated key, age in days, its limit, where the age came from, flags (C(empty), C(known_default), C(short)).
  returned: always
  type: list
  elements: dict
not_due:
  description: Keys not due, with C(age_days) and C(due_in_days).
  returned: always
  type: list
  elements: dict
refused:
  description: Keys present in the catalog that this module will not rotate, with the reason or instructions.
  returned: always
  type: list
  elements: dict
  sample: [{key: _APP_OPENSSL_KEY_V1, action: refuse, reason: "refused: ... Appwrite's encryption key ..."}]
mirrors:
  description: Copies updated to follow a rotated key (e.g. C(NEXT_PUBLIC_NHOST_ADMIN_SECRET)).
  returned: always
  type: list
  elements: str
services:
  description: Compose services (or Parse units) that must get the new values together.
  returned: always
  type: list
  elements: str
backup_file:
  description: Backup of the file taken before the write (empty when nothing was written).
  returned: always
  type: str
dashboard_backup_file:
  description: Backup of the Parse Dashboard config, when it was updated.
  returned: when dashboard_config was updated
  type: str
notes:
  description: What the caller must know about applying the new values.
  returned: always
  type: list
  elements: str
'''

import os
import traceback

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.baas.hardening.plugins.module_utils import catalog as cat
from ansible_collections.baas.hardening.plugins.module_utils.atomic import backup, cleanup_stale_temps, write_atomic
from ansible_collections.baas.hardening.plugins.module_utils.rotation import RotationError, apply, plan
from ansible_collections.baas.hardening.plugins.module_utils.secretfile import JsonConfig, State, key_style, load, now


def _sync_dashboard(module, path, old_values, doc, style, backup_dir, retention):
    """Update Parse Dashboard apps whose master keys equal the old ones. Returns backup path or None."""
    with open(path, 'rb') as handle:
        raw = handle.read()
    dash = JsonConfig.parse(raw)
    names = {'masterKey': 'PARSE_SERVER_MASTER_KEY', 'readOnlyMasterKey': 'PARSE_SERVER_READ_ONLY_MASTER_KEY'}
    changed = False
    for app in dash.data.get('apps', []) or []:
        for field, env in names.items():
            key = env if style == 'env' else field
            if key in old_values and isinstance(app, dict) and app.get(field) == old_values[key]:
                app[field] = doc.get(key)
                changed = True
    if not changed or module.check_mode:
        return changed, None
    bak = backup(path, backup_dir, retention)
    write_atomic(path, dash.to_bytes(), mode=0o600)
    return changed, bak


def main():
    module = AnsibleModule(
        argument_spec=dict(
            **cat.secret_file_spec(),
            keys=dict(type='list', elements='str', no_log=False),
            max_age=dict(type='int', default=cat.DEFAULT_MAX_AGE_DAYS),
            max_age_per_key=dict(type='dict', default={}),
            force=dict(type='bool', default=False),
            state_file=dict(type='path', default='/var/lib/baas-hardening/secrets-state.json'),
            backup_dir=dict(type='path', default='/var/backups/baas-hardening/secrets'),
            backup_retention=dict(type='int', default=10),
            dashboard_config=dict(type='path'),
        ),
        supports_check_mode=True,
    )
    p = module.params
    path = os.path.abspath(p['path'])
    result = dict(changed=False, rotated=[], details=[], not_due=[], refused=[], mirrors=[], services=[],
                  backup_file='', notes=[], path=path)
    if not os.path.isfile(path):
        module.fail_json(msg='%s does not exist or is not a file' % path, **result)
    if p['max_age'] < 1 or p['backup_retention'] < 1:
        module.fail_json(msg='max_age and backup_retention must be >= 1', **result)
    try:
        per_key = dict((k, int(v)) for k, v in p['max_age_per_key'].items())
    except (TypeError, ValueError):
        module.fail_json(msg='max_age_per_key values must be whole days', **result)
    try:
        if not module.check_mode:
            cleanup_stale_temps(path)
        doc, raw, st = load(path, p['format'])
        style = key_style(p['platform'], doc)
        state = State(p['state_file'])
        t = now()
        decided = plan(doc, p['platform'], style, state, path, st.st_mtime, t, keys=p['keys'],
                       max_age=p['max_age'], max_age_per_key=per_key, force=p['force'])
        result['refused'] = decided['refused']
        result['not_due'] = decided['skipped']
        result['details'] = decided['rotate']
        result['rotated'] = [i['key'] for i in decided['rotate']]
        for item in decided['adopt']:
            state.record(path, item['key'], doc.get(item['key']), item['when'])
        if decided['rotate']:
            services, mirrors, before, after, old_values = apply(doc, p['platform'], style, decided['rotate'])
            result.update(services=services, mirrors=mirrors, changed=True)
            catalog = cat.catalog(p['platform'], style)
            result['notes'] = ['%s: %s' % (i['key'], catalog[i['key']]['note']) for i in decided['rotate']
                               if catalog[i['key']].get('note')]
            if module._diff:
                result['diff'] = dict(before_header=path, after_header=path,
                                      before='\n'.join(before) + '\n', after='\n'.join(after) + '\n')
            if not module.check_mode:
                result['backup_file'] = backup(path, p['backup_dir'], p['backup_retention'])
                write_atomic(path, doc.to_bytes(), mode=0o600, uid=st.st_uid, gid=st.st_gid)
                for key in result['rotated']:
                    prev_when = state.last_rotated(path, key, old_values[key], st.st_mtime)[0]
                    state.record(path, key, doc.get(key), t, previous=(old_values[key], prev_when))
            if p['dashboard_config']:
                dash_changed, dash_bak = _sync_dashboard(module, p['dashboard_config'], old_values, doc, style,
                                                         p['backup_dir'], p['backup_retention'])
                result['dashboard_updated'] = dash_changed
                if dash_bak:
                    result['dashboard_backup_file'] = dash_bak
        if state.dirty and not module.check_mode:
            state.save()
            result['changed'] = True if decided['adopt'] or decided['rotate'] else result['changed']
        elif decided['adopt']:
            result['changed'] = result['changed'] or module.check_mode
    except RotationError as exc:
        module.fail_json(msg=str(exc), **result)
    except Exception as exc:  # pylint: disable=broad-except
        # type and location only: an exception text could quote file content
        module.fail_json(msg='secret_rotate failed: %s at %s' % (type(exc).__name__, traceback.extract_tb(exc.__traceback__)[-1][:3]),
                         **result)
    if result['rotated']:
        result['msg'] = '%s %s' % ('would rotate' if module.check_mode else 'rotated', ', '.join(result['rotated']))
    else:
        result['msg'] = 'nothing due'
    module.exit_json(**result)


if __name__ == '__main__':
    main()
