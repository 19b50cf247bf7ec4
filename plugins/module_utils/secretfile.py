# -*- coding: utf-8 -*-
# Copyright: baas.hardening contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Secret files the platforms really use (dotenv, Parse ``config.json``) and the rotation state.

Nothing here logs, returns or formats a secret value.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import json
import os
import secrets
import time
from collections import OrderedDict

from ansible_collections.baas.hardening.plugins.module_utils.atomic import write_atomic
from ansible_collections.baas.hardening.plugins.module_utils.dotenv import Dotenv

DEFAULT_STATE_FILE = '/var/lib/baas-hardening/secrets-state.json'


def detect_format(path, fmt='auto'):
    if fmt != 'auto':
        return fmt
    return 'json' if path.endswith('.json') else 'dotenv'


class JsonConfig(object):
    """A JSON object config (Parse ``config.json``); keeps key order, indent and final newline."""

    def __init__(self, data, indent, newline):
        self.data = data
        self.indent = indent
        self.newline = newline

    @classmethod
    def parse(cls, raw):
        text = raw.decode('utf-8') if isinstance(raw, bytes) else raw
        data = json.loads(text, object_pairs_hook=OrderedDict)
        if not isinstance(data, dict):
            raise ValueError('the JSON file is not an object')
        indent = 2
        for line in text.splitlines()[1:]:
            stripped = line.lstrip(' \t')
            if stripped:
                width = len(line) - len(stripped)
                indent = width if width else None
                if line.startswith('\t'):
                    indent = '\t'
                break
        return cls(data, indent, text.endswith('\n'))

    def keys(self):
        return list(self.data.keys())

    def __contains__(self, key):
        return key in self.data

    def get(self, key, default=None):
        value = self.data.get(key, default)
        return value if value is None or isinstance(value, str) else json.dumps(value)

    def as_dict(self):
        return dict((k, self.get(k)) for k in self.data)

    def set(self, key, value):
        if key not in self.data:
            raise KeyError(key)
        self.data[key] = value

    def to_bytes(self):
        text = json.dumps(self.data, indent=self.indent, ensure_ascii=False)
        if self.indent is None:
            text = json.dumps(self.data, ensure_ascii=False)
        return (text + ('\n' if self.newline else '')).encode('utf-8')


def load(path, fmt='auto'):
    """Return (document, raw bytes, stat) for a secret file."""
    with open(path, 'rb') as handle:
        raw = handle.read()
    st = os.stat(path)
    if detect_format(path, fmt) == 'json':
        return JsonConfig.parse(raw), raw, st
    return Dotenv.parse(raw), raw, st


def key_style(platform, doc):
    """Parse keys are camelCase in config.json and PARSE_SERVER_* in env files."""
    if platform == 'parse' and isinstance(doc, Dotenv):
        return 'env'
    return 'native'


class State(object):
    """Root-only JSON file with last-rotation times and salted fingerprints (not values)."""

    def __init__(self, path):
        self.path = path
        self.data = {'version': 1, 'salt': None, 'files': {}}
        self.dirty = False
        if os.path.exists(path):
            with open(path, 'r') as handle:
                loaded = json.load(handle)
            if isinstance(loaded, dict):
                self.data.update(loaded)
        if not self.data.get('salt'):
            self.data['salt'] = secrets.token_hex(16)
            self.dirty = True

    def fingerprint(self, key, value):
        digest = hashlib.sha256((self.data['salt'] + '\0' + key + '\0' + (value or '')).encode('utf-8', 'surrogateescape'))
        return digest.hexdigest()[:16]

    def entry(self, path, key):
        return self.data['files'].get(os.path.abspath(path), {}).get(key)

    def record(self, path, key, value, when, previous=None):
        """Store the rotation time. ``previous`` = (old value, its time): a rollback to the old value
        then keeps the old age instead of looking freshly changed."""
        files = self.data['files'].setdefault(os.path.abspath(path), {})
        new = {'rotated_at': int(when), 'fp': self.fingerprint(key, value)}
        if previous is not None:
            new['prev'] = {'rotated_at': int(previous[1]), 'fp': self.fingerprint(key, previous[0])}
        elif files.get(key, {}).get('fp') == new['fp'] and 'prev' in files[key]:
            new['prev'] = files[key]['prev']
        if files.get(key) != new:
            files[key] = new
            self.dirty = True

    def last_rotated(self, path, key, value, file_mtime):
        """(epoch, source). Unknown or changed-outside-us values date from the file's mtime."""
        e = self.entry(path, key)
        if e and e.get('fp') == self.fingerprint(key, value):
            return e['rotated_at'], 'state'
        if e and e.get('prev', {}).get('fp') == self.fingerprint(key, value):
            return e['prev']['rotated_at'], 'state_rolled_back'
        if e:
            return int(file_mtime), 'file_mtime_changed_outside'
        return int(file_mtime), 'file_mtime'

    def save(self):
        directory = os.path.dirname(os.path.abspath(self.path))
        if not os.path.isdir(directory):
            os.makedirs(directory, 0o700)
        data = json.dumps(self.data, indent=2, sort_keys=True).encode('utf-8') + b'\n'
        write_atomic(self.path, data, mode=0o600, uid=os.geteuid(), gid=os.getegid())
        self.dirty = False


def now():
    return time.time()


def mask(value):
    """A masked stand-in for diffs: never any character of the value, only its length."""
    if value is None:
        return '<absent>'
    if value == '':
        return '<empty>'
    return '<masked, %d chars>' % len(value)
