#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: baas.hardening contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: secret_leak_scan
short_description: Find current BaaS secrets and published defaults in web roots, bundles and work trees
version_added: 0.1.0
description:
  - Reads the current secret values from the platforms' own files (I(sources)) on the host, so the values never
    pass through Ansible, then searches I(public_paths) (web roots, built frontend bundles) and I(paths) (for example
    a git work tree) for any of them, and for published default values.
  - Reports file, line and key name of each hit, never the value.
  - Fails when a privileged key (master, admin, signing, database) is found under I(public_paths), unless
    I(fail_on) says otherwise. Client keys meant to be public (Parse C(javascriptKey) ...) are not searched.
author:
  - baas.hardening contributors
extends_documentation_fragment:
  - baas.hardening.read_only
options:
  sources:
    description: Secret files to take current values from.
    type: list
    elements: dict
    default: []
    suboptions:
      platform:
        description: Catalog to apply.
        type: str
        required: true
        choices: [appwrite, nhost, parse]
      path:
        description: The secret file.
        type: path
        required: true
      format:
        description: File format.
        type: str
        default: auto
        choices: [auto, dotenv, json]
  public_paths:
    description: Files or directories served to browsers (web roots, built bundles).
    type: list
    elements: path
    default: []
  paths:
    description: Other files or directories to scan (git work trees, backups of configs); hits are reported, never fatal.
    type: list
    elements: path
    default: []
  extra_values:
    description: More values to search for, treated as privileged (for example a key from a secrets manager).
    type: list
    elements: str
    default: []
  search_defaults:
    description: Also search for published default values (C(your-secret-key), Nhost's example JWT key ...).
    type: bool
    default: true
  min_length:
    description: Values shorter than this are not searched (they match too much by chance).
    type: int
    default: 8
  max_file_size:
    description: Files larger than this many bytes are skipped (and listed).
    type: int
    default: 33554432
  exclude:
    description: Directory names not descended into.
    type: list
    elements: str
    default: [.git, node_modules]
  fail_on:
    description: C(privileged) fails on a privileged secret in I(public_paths); C(any) on any secret there; C(none) never.
    type: str
    default: privileged
    choices: [privileged, any, none]
seealso:
  - module: baas.hardening.secret_audit
'''

EXAMPLES = r'''
- name: Make sure no Nhost admin secret ships in the built frontend
  baas.hardening.secret_leak_scan:
    sources:
      - platform: nhost
        path: /opt/nhost/.env
    public_paths: [/var/www/app/dist]
    paths: [/srv/app-src]
'''

RETURN = r'''
findings:
  description: One entry per hit. C(kind) is C(current_secret) or C(known_default); C(public) tells whether it is under public_paths.
  returned: always
  type: list
  elements: dict
  sample: [{file: /var/www/app/dist/assets/index-3f2a.js, line: 1, key: HASURA_GRAPHQL_ADMIN_SECRET, kind: current_secret,
            privileged: true, public: true}]
scanned_files:
  description: Number of files read.
  returned: always
  type: int
skipped_files:
  description: Files skipped for size or permissions.
  returned: always
  type: list
  elements: str
searched_keys:
  description: Key names whose values were searched (names only).
  returned: always
  type: list
  elements: str
'''

import os

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.baas.hardening.plugins.module_utils import catalog as cat
from ansible_collections.baas.hardening.plugins.module_utils.rotation import comparable
from ansible_collections.baas.hardening.plugins.module_utils.secretfile import key_style, load


def needles_from_sources(sources, min_length):
    """[(bytes value, key label, privileged)] from the platforms' files; values stay in memory."""
    out = []
    seen = set()
    for src in sources:
        doc, raw, st = load(src['path'], src.get('format') or 'auto')
        catalog = cat.catalog(src['platform'], key_style(src['platform'], doc))
        # copies (NEXT_PUBLIC_NHOST_ADMIN_SECRET) after their source key, so a hit is named after the source
        for key, spec in sorted(catalog.items(), key=lambda kv: kv[1]['action'] == 'mirror'):
            if key not in doc or spec.get('public_ok'):
                continue
            value = comparable(spec, doc.get(key))
            if spec.get('uri') and value and '@' in value and ':' in value.split('@')[0]:
                value = value.split('@')[0].rsplit(':', 1)[1]  # the password inside a database URI
            if value and len(value) >= min_length and value not in seen:
                seen.add(value)
                out.append((value.encode('utf-8', 'surrogateescape'), key, bool(spec.get('privileged'))))
    return out


def walk(paths, exclude):
    for top in paths:
        if os.path.isfile(top):
            yield top
            continue
        for root, dirs, files in os.walk(top):
            dirs[:] = sorted(d for d in dirs if d not in exclude)
            for name in sorted(files):
                yield os.path.join(root, name)


def scan(needles, paths, public, exclude, max_size, skipped):
    findings, count = [], 0
    for fpath in walk(paths, exclude):
        try:
            if os.path.islink(fpath) or not os.path.isfile(fpath) or os.path.getsize(fpath) > max_size:
                skipped.append(fpath)
                continue
            with open(fpath, 'rb') as handle:
                data = handle.read()
        except (OSError, IOError):
            skipped.append(fpath)
            continue
        count += 1
        seen = set()
        for value, key, privileged, kind in needles:
            start = data.find(value)
            while start >= 0:
                line = data.count(b'\n', 0, start) + 1
                if (key, line) not in seen:
                    seen.add((key, line))
                    findings.append({'file': fpath, 'line': line, 'key': key, 'kind': kind,
                                     'privileged': privileged, 'public': public})
                start = data.find(value, start + len(value))
    return findings, count


def main():
    module = AnsibleModule(
        argument_spec=dict(
            sources=dict(type='list', elements='dict', default=[], options=cat.secret_file_spec()),
            public_paths=dict(type='list', elements='path', default=[]),
            paths=dict(type='list', elements='path', default=[]),
            extra_values=dict(type='list', elements='str', default=[], no_log=True),
            search_defaults=dict(type='bool', default=True),
            min_length=dict(type='int', default=8),
            max_file_size=dict(type='int', default=32 * 1024 * 1024),
            exclude=dict(type='list', elements='str', default=['.git', 'node_modules']),
            fail_on=dict(type='str', default='privileged', choices=['privileged', 'any', 'none']),
        ),
        supports_check_mode=True,
    )
    p = module.params
    missing = [x for x in p['public_paths'] + p['paths'] if not os.path.exists(x)]
    if missing:
        module.fail_json(msg='paths not found: %s' % ', '.join(missing))
    try:
        current = needles_from_sources(p['sources'], p['min_length'])
    except Exception as exc:  # pylint: disable=broad-except
        module.fail_json(msg='cannot read a source file: %s (content is never quoted)' % type(exc).__name__)
    needles = [(v, k, priv, 'current_secret') for v, k, priv in current]
    needles += [(v.encode('utf-8'), 'extra_values[%d]' % i, True, 'current_secret')
                for i, v in enumerate(p['extra_values']) if v and len(v) >= p['min_length']]
    if p['search_defaults']:
        have = set(n[0] for n in needles)
        needles += [(d.encode('utf-8'), 'known_default', False, 'known_default') for d in cat.KNOWN_DEFAULTS
                    if len(d) >= p['min_length'] and d.encode('utf-8') not in have]
    skipped = []
    findings, n1 = scan(needles, p['public_paths'], True, set(p['exclude']), p['max_file_size'], skipped)
    more, n2 = scan(needles, p['paths'], False, set(p['exclude']), p['max_file_size'], skipped)
    findings += more
    result = dict(changed=False, findings=findings, scanned_files=n1 + n2, skipped_files=skipped,
                  searched_keys=sorted(set(k for v, k, priv in current)))
    fatal = [f for f in findings if f['public'] and f['kind'] == 'current_secret'
             and (p['fail_on'] == 'any' or (p['fail_on'] == 'privileged' and f['privileged']))]
    if fatal:
        module.fail_json(msg='secret found in public assets: %s' % '; '.join(
            '%s line %d (%s)' % (f['file'], f['line'], f['key']) for f in fatal), **result)
    result['msg'] = '%d finding(s) in %d file(s)' % (len(findings), n1 + n2)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
