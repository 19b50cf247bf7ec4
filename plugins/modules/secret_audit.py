#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: baas.hardening contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: secret_audit
short_description: Audit the secrets of a self-hosted Appwrite, Nhost or Parse Server without revealing them
version_added: 0.1.0
description:
  - Reads a platform's secret file (Appwrite C(appwrite/.env), Nhost C(.env), Parse C(config.json) or a
    C(PARSE_SERVER_*) env file) and reports, per catalogued secret, its age (from the rotation state file, else
    the file's mtime), whether it is due, and what the rotation module would do with it.
  - Flags empty values, published defaults (C(your-secret-key), C(change-me), Nhost's example values including the
    published example JWT key), short values, a file mode wider than C(0600), and a master/admin key copied into
    browser-facing config (C(NEXT_PUBLIC_*), C(VITE_*), C(REACT_APP_*) ...).
  - Never changes anything; never returns a value.
author:
  - baas.hardening contributors
extends_documentation_fragment:
  - baas.hardening.read_only
  - baas.hardening.secret_file
options:
  max_age:
    description: Days after which a key is reported due.
    type: int
    default: 90
  state_file:
    description: The rotation state file written by M(baas.hardening.secret_rotate).
    type: path
    default: /var/lib/baas-hardening/secrets-state.json
  known_values:
    description: Extra values to treat as compromised (for example an old key that leaked). Never returned.
    type: list
    elements: str
    default: []
  fail_on_findings:
    description: Fail the task when any finding is reported.
    type: bool
    default: false
seealso:
  - module: baas.hardening.secret_rotate
  - module: baas.hardening.secret_leak_scan
'''

EXAMPLES = r'''
- name: Audit Nhost secrets
  baas.hardening.secret_audit:
    platform: nhost
    path: /opt/nhost/.env
  register: audit

- name: Show findings (names only)
  ansible.builtin.debug:
    var: audit.findings
'''

RETURN = r'''
file:
  description: Path, mode (octal string), owner, group, and whether the mode is 0600 or narrower.
  returned: always
  type: dict
  sample: {path: /opt/appwrite/.env, mode: "0644", owner: root, group: root, mode_ok: false}
secrets:
  description: Per catalogued key present in the file, its action, age, due flag and value flags. No values.
  returned: always
  type: list
  elements: dict
  sample: [{key: _APP_EXECUTOR_SECRET, action: rotate, age_days: 3.2, due: true, flags: [known_default]}]
findings:
  description: One line per problem, naming key and problem, never a value.
  returned: always
  type: list
  elements: str
ok:
  description: True when there is no finding.
  returned: always
  type: bool
'''

import grp
import os
import pwd
import stat

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.baas.hardening.plugins.module_utils import catalog as cat
from ansible_collections.baas.hardening.plugins.module_utils.rotation import comparable, weakness
from ansible_collections.baas.hardening.plugins.module_utils.secretfile import State, key_style, load, now


def _name(fn, ident):
    try:
        return fn(ident)[0]
    except KeyError:
        return str(ident)


def audit(doc, platform, path, st, state, max_age, known, t):
    style = key_style(platform, doc)
    catalog = cat.catalog(platform, style)
    secrets, findings = [], []
    mode = stat.S_IMODE(st.st_mode)
    fileinfo = {'path': path, 'mode': '%04o' % mode, 'owner': _name(pwd.getpwuid, st.st_uid),
                'group': _name(grp.getgrgid, st.st_gid), 'mode_ok': not (mode & 0o077)}
    if not fileinfo['mode_ok']:
        findings.append('%s: mode %s lets other users read secrets; use 0600' % (path, fileinfo['mode']))
    values = doc.as_dict()
    for key, spec in sorted(catalog.items()):
        if key not in values:
            continue
        value = values[key]
        last, source = state.last_rotated(path, key, value, st.st_mtime)
        age = round(max(0.0, (t - last) / 86400.0), 2)
        flags = weakness(spec, value, known)
        entry = {'key': key, 'action': spec['action'], 'age_days': age, 'age_source': source, 'flags': flags,
                 'due': spec['action'] == 'rotate' and (age >= max_age or 'empty' in flags or 'known_default' in flags)}
        if spec['action'] != 'rotate':
            entry['reason'] = spec.get('reason', '')
        secrets.append(entry)
        for flag in flags:
            if spec['action'] == 'mirror':
                continue
            findings.append('%s: %s' % (key, {'empty': 'empty value', 'known_default': 'published default or known-compromised value',
                                               'short': 'shorter than %d characters' % cat.MIN_LENGTH}[flag]))
        if spec['action'] == 'refuse' and spec.get('privileged') and flags:
            findings.append('%s: weak and not rotatable here: %s' % (key, spec['reason']))
        if entry['due'] and 'empty' not in flags and 'known_default' not in flags:
            findings.append('%s: %.0f days old, older than %d days' % (key, age, max_age))
    # browser-facing copies of privileged secrets
    privileged = dict((k, comparable(catalog[k], values[k])) for k in catalog
                      if k in values and catalog[k].get('privileged') and not catalog[k].get('browser') and values[k])
    for key, value in sorted(values.items()):
        spec = catalog.get(key, {})
        public = spec.get('browser') or key.startswith(cat.BROWSER_PREFIXES)
        if not public or not value:
            continue
        same = [k for k, v in privileged.items() if v == value]
        if same or spec.get('browser'):
            findings.append('%s: browser-facing config carries %s; keep admin/master keys out of browser code'
                            % (key, ', '.join(same) or 'an admin secret'))
    return fileinfo, secrets, findings


def main():
    module = AnsibleModule(
        argument_spec=dict(
            **cat.secret_file_spec(),
            max_age=dict(type='int', default=cat.DEFAULT_MAX_AGE_DAYS),
            state_file=dict(type='path', default='/var/lib/baas-hardening/secrets-state.json'),
            known_values=dict(type='list', elements='str', default=[], no_log=True),
            fail_on_findings=dict(type='bool', default=False),
        ),
        supports_check_mode=True,
    )
    p = module.params
    path = os.path.abspath(p['path'])
    if not os.path.isfile(path):
        module.fail_json(msg='%s does not exist or is not a file' % path)
    try:
        doc, raw, st = load(path, p['format'])
        state = State(p['state_file']) if os.path.exists(p['state_file']) else State(os.devnull + '.absent')
        fileinfo, secrets, findings = audit(doc, p['platform'], path, st, state, p['max_age'], p['known_values'], now())
    except Exception as exc:  # pylint: disable=broad-except
        module.fail_json(msg='secret_audit failed: %s (file content is never quoted)' % type(exc).__name__)
    result = dict(changed=False, file=fileinfo, secrets=secrets, findings=findings, ok=not findings)
    if findings and p['fail_on_findings']:
        module.fail_json(msg='%d finding(s): %s' % (len(findings), '; '.join(findings)), **result)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
