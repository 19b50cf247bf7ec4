# -*- coding: utf-8 -*-
# Copyright: baas.hardening contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which secrets are due, and applying new values to a parsed document (no I/O here)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.baas.hardening.plugins.module_utils import catalog as cat
from ansible_collections.baas.hardening.plugins.module_utils.secretfile import mask
from ansible_collections.baas.hardening.plugins.module_utils.secretgen import generate, hasura_jwt_key

DAY = 86400


class RotationError(Exception):
    """Error whose message never carries a value."""


def comparable(spec, value):
    """The part of a value that is the secret (Hasura JSON -> its ``key``)."""
    if spec and spec.get('form') == 'hasura_jwt' and value:
        inner = hasura_jwt_key(value)
        return inner if inner is not None else value
    return value


def weakness(spec, value, known=()):
    """Flags for a value: empty, known_default, short. Never returns the value."""
    flags = []
    v = comparable(spec, value)
    if v is None:
        return flags
    if v == '':
        flags.append('empty')
        return flags
    if v in cat.KNOWN_DEFAULTS or v in known:
        flags.append('known_default')
    if len(v) < cat.MIN_LENGTH:
        flags.append('short')
    return flags


def plan(doc, platform, style, state, path, mtime, now, keys=None, max_age=cat.DEFAULT_MAX_AGE_DAYS,
         max_age_per_key=None, force=False):
    """Decide per key: rotate, skip (not due / absent) or refuse. Explicit refused keys raise."""
    catalog = cat.catalog(platform, style)
    max_age_per_key = max_age_per_key or {}
    explicit = keys is not None and len(keys) > 0
    candidates = list(keys) if explicit else [k for k in catalog if k in doc and catalog[k]['action'] != 'mirror']
    result = {'rotate': [], 'skipped': [], 'refused': [], 'adopt': []}
    for key in candidates:
        spec = catalog.get(key)
        if spec is None:
            raise RotationError('%s is not a known %s secret; known: %s' % (key, platform, ', '.join(sorted(catalog))))
        if spec['action'] != 'rotate':
            reason = spec.get('reason') or ('%s follows %s' % (key, spec.get('mirror_of')))
            if explicit:
                raise RotationError('%s: %s' % (key, reason))
            result['refused'].append({'key': key, 'action': spec['action'], 'reason': reason})
            continue
        if key not in doc:
            if explicit:
                raise RotationError('%s is not set in %s' % (key, path))
            continue
        value = doc.get(key)
        last, source = state.last_rotated(path, key, value, mtime)
        age_days = max(0.0, (now - last) / float(DAY))
        limit = max_age_per_key.get(key, max_age)
        flags = weakness(spec, value)
        due = force or age_days >= limit or 'empty' in flags or 'known_default' in flags
        info = {'key': key, 'age_days': round(age_days, 2), 'max_age_days': limit, 'age_source': source,
                'flags': flags}
        if due:
            info['why'] = 'force' if force else ('flags' if flags and age_days < limit else 'max_age')
            result['rotate'].append(info)
        else:
            info['due_in_days'] = round(limit - age_days, 2)
            result['skipped'].append(info)
            if source.startswith('file_mtime'):
                result['adopt'].append({'key': key, 'when': last})
    return result


def apply(doc, platform, style, rotate):
    """Write new values into ``doc``. Returns (services, mirrors, diff_before, diff_after, old)."""
    catalog = cat.catalog(platform, style)
    services = set()
    mirrors = []
    before, after = [], []
    old_values = {}
    for item in rotate:
        key = item['key']
        spec = catalog[key]
        old = doc.get(key)
        try:
            new = generate(spec['form'], spec['length'], old)
        except ValueError as exc:
            raise RotationError('%s: %s' % (key, exc))
        if comparable(spec, new) == comparable(spec, old):
            raise RotationError('%s: generator returned the old value' % key)
        doc.set(key, new)
        old_values[key] = old
        before.append('%s=%s' % (key, mask(old)))
        after.append('%s=%s (new)' % (key, mask(new)))
        services.update(spec.get('services', []))
        for mirror in spec.get('mirrors', []):
            if mirror in doc and doc.get(mirror) == old:
                doc.set(mirror, new)
                mirrors.append(mirror)
                before.append('%s=%s' % (mirror, mask(old)))
                after.append('%s=%s (follows %s)' % (mirror, mask(new), key))
    return sorted(services), mirrors, before, after, old_values
