# -*- coding: utf-8 -*-
# Copyright: baas.hardening contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Byte-preserving dotenv parsing and editing.

Only the value part of an assignment that is changed is rewritten; every other byte of the
file (comments, blank lines, order, ``export`` prefixes, quoting, inline comments, line endings,
lines this parser does not understand) is written back exactly as read.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

_ASSIGN = re.compile(r'^(?P<lead>[ \t]*)(?P<export>export[ \t]+)?(?P<key>[A-Za-z_][A-Za-z0-9_.]*)(?P<sep>[ \t]*=[ \t]*)(?P<rest>.*)$', re.S)
_SAFE_UNQUOTED = re.compile(r'^[A-Za-z0-9_./:@%+,~-]*$')


class DotenvError(ValueError):
    """Raised for content that cannot be edited safely (never carries a value)."""


class _Entry(object):
    """One physical line. Assignments keep their parts; other lines only ``raw``."""

    __slots__ = ('raw', 'eol', 'key', 'head', 'quote', 'value', 'tail', 'broken', 'dirty')

    def __init__(self, raw, eol):
        self.raw = raw
        self.eol = eol
        self.key = None
        self.head = ''
        self.quote = ''
        self.value = None
        self.tail = ''
        self.broken = False
        self.dirty = False

    def render(self):
        if not self.dirty:
            return self.raw + self.eol
        return self.head + _quote(self.value, self.quote) + self.tail + self.eol


def _unescape_double(text):
    out = []
    i = 0
    while i < len(text):
        c = text[i]
        if c == '\\' and i + 1 < len(text):
            n = text[i + 1]
            out.append({'n': '\n', 'r': '\r', 't': '\t'}.get(n, n))
            i += 2
            continue
        out.append(c)
        i += 1
    return ''.join(out)


def _quote(value, quote):
    if quote == "'":
        if "'" in value or '\n' in value:
            raise DotenvError('value cannot be written in single quotes')
        return "'" + value + "'"
    if quote == '"':
        return '"' + value.replace('\\', '\\\\').replace('"', '\\"').replace('\n', '\\n').replace('$', '\\$') + '"'
    if not _SAFE_UNQUOTED.match(value):
        raise DotenvError('value needs quoting')
    return value


def _split_value(rest):
    """Return (quote, value, tail) for the text after ``=``; None if not understood."""
    if rest.startswith("'"):
        end = rest.find("'", 1)
        if end < 0:
            return None
        tail = rest[end + 1:]
        if tail.strip() and not tail.lstrip().startswith('#'):
            return None
        return "'", rest[1:end], tail
    if rest.startswith('"'):
        i = 1
        while i < len(rest):
            if rest[i] == '\\':
                i += 2
                continue
            if rest[i] == '"':
                break
            i += 1
        else:
            return None
        tail = rest[i + 1:]
        if tail.strip() and not tail.lstrip().startswith('#'):
            return None
        return '"', _unescape_double(rest[1:i]), tail
    m = re.search(r'[ \t]+#', rest)
    value = rest[:m.start()] if m else rest
    stripped = value.rstrip(' \t')
    return '', stripped, rest[len(stripped):]


class Dotenv(object):
    """A parsed dotenv document."""

    def __init__(self, entries, encoding='utf-8'):
        self._entries = entries
        self.encoding = encoding

    @classmethod
    def parse(cls, data, encoding='utf-8'):
        if isinstance(data, bytes):
            text = data.decode(encoding, 'surrogateescape')
        else:
            text = data
        entries = []
        for piece in re.findall(r'[^\n]*\n|[^\n]+$', text):
            if piece.endswith('\r\n'):
                raw, eol = piece[:-2], '\r\n'
            elif piece.endswith('\n'):
                raw, eol = piece[:-1], '\n'
            else:
                raw, eol = piece, ''
            entry = _Entry(raw, eol)
            m = _ASSIGN.match(raw)
            if m and not raw.lstrip().startswith('#'):
                entry.key = m.group('key')
                split = _split_value(m.group('rest'))
                if split is None:
                    entry.broken = True
                else:
                    entry.quote, entry.value, entry.tail = split
                    entry.head = raw[:m.start('rest')]
            entries.append(entry)
        return cls(entries, encoding)

    def keys(self):
        seen = []
        for e in self._entries:
            if e.key is not None and e.key not in seen:
                seen.append(e.key)
        return seen

    def __contains__(self, key):
        return any(e.key == key for e in self._entries)

    def get(self, key, default=None):
        """Last assignment wins, as in docker compose."""
        found = default
        for e in self._entries:
            if e.key == key:
                if e.broken:
                    raise DotenvError('cannot parse the line of %s (unterminated quote or multi-line value)' % key)
                found = e.value
        return found

    def as_dict(self):
        result = {}
        for e in self._entries:
            if e.key is not None and not e.broken:
                result[e.key] = e.value
        return result

    def set(self, key, value):
        """Replace the value of every assignment of ``key``; the key must exist."""
        hits = [e for e in self._entries if e.key == key]
        if not hits:
            raise DotenvError('%s is not assigned in the file' % key)
        for e in hits:
            if e.broken:
                raise DotenvError('cannot parse the line of %s (unterminated quote or multi-line value)' % key)
            quote = e.quote
            if quote == '' and not _SAFE_UNQUOTED.match(value):
                quote = "'" if "'" not in value else '"'
            elif quote == "'" and "'" in value:
                quote = '"'
            _quote(value, quote)  # raises before anything changes
            e.quote = quote
            e.value = value
            e.dirty = True

    def render(self):
        return ''.join(e.render() for e in self._entries)

    def to_bytes(self):
        return self.render().encode(self.encoding, 'surrogateescape')
