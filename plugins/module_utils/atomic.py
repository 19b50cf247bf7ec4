# -*- coding: utf-8 -*-
# Copyright: baas.hardening contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Crash-safe file replacement: temp file in the same directory, fsync, rename, fsync dir.

A crash (or SIGKILL) at any step leaves the target either fully old or fully new. Backups are
written the same way, mode 0600, named ``<name>.<UTC timestamp>.bak``, with a retention count.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import errno
import os
import re
import tempfile
import time

TMP_MARK = '.baas-tmp-'

# Steps reported to the ``hook`` callable (tests kill the writer at each of them).
STEPS = ('tmp_created', 'data_written', 'fsynced', 'chowned', 'renamed', 'dir_fsynced')


def _fsync_dir(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def cleanup_stale_temps(path):
    """Remove temp files a killed writer left next to ``path``; returns how many."""
    directory = os.path.dirname(os.path.abspath(path))
    prefix = '.' + os.path.basename(path) + TMP_MARK
    removed = 0
    for name in os.listdir(directory):
        if name.startswith(prefix):
            try:
                os.unlink(os.path.join(directory, name))
                removed += 1
            except OSError:
                pass
    return removed


def write_atomic(path, data, mode=0o600, uid=None, gid=None, hook=None):
    """Replace ``path`` with ``data`` (bytes) atomically. uid/gid default to the current file's."""
    path = os.path.abspath(path)
    directory = os.path.dirname(path)
    if uid is None or gid is None:
        try:
            st = os.stat(path)
            uid = st.st_uid if uid is None else uid
            gid = st.st_gid if gid is None else gid
        except OSError as exc:
            if exc.errno != errno.ENOENT:
                raise
    fd, tmp = tempfile.mkstemp(prefix='.' + os.path.basename(path) + TMP_MARK, dir=directory)
    try:
        if hook:
            hook('tmp_created')
        with os.fdopen(fd, 'wb') as handle:
            handle.write(data)
            handle.flush()
            if hook:
                hook('data_written')
            os.fsync(handle.fileno())
        if hook:
            hook('fsynced')
        os.chmod(tmp, mode)
        if uid is not None and gid is not None and (os.geteuid() == 0 or uid == os.geteuid()):
            os.chown(tmp, uid, gid)
        if hook:
            hook('chowned')
        os.rename(tmp, path)
        if hook:
            hook('renamed')
        _fsync_dir(directory)
        if hook:
            hook('dir_fsynced')
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return path


def backup(path, backup_dir, retention=5, now=None):
    """Copy ``path`` to ``backup_dir`` (0700) as a 0600 timestamped file; prune to ``retention``."""
    with open(path, 'rb') as handle:
        data = handle.read()
    if not os.path.isdir(backup_dir):
        os.makedirs(backup_dir, 0o700)
    os.chmod(backup_dir, 0o700)
    stamp = time.strftime('%Y%m%dT%H%M%SZ', time.gmtime(now if now is not None else time.time()))
    base = backup_slug(path)
    # Same second as an existing backup: next suffix after the highest one, so a pruned name is never
    # reused (a reused name would sort as oldest and be pruned at once).
    same = [_order(p) for p in list_backups(path, backup_dir) if os.path.basename(p).startswith('%s.%s' % (base, stamp))]
    if same:
        target = os.path.join(backup_dir, '%s.%s-%d.bak' % (base, stamp, max(n for dummy, n in same) + 1))
    else:
        target = os.path.join(backup_dir, '%s.%s.bak' % (base, stamp))
    write_atomic(target, data, mode=0o600, uid=0 if os.geteuid() == 0 else None, gid=0 if os.geteuid() == 0 else None)
    prune_backups(path, backup_dir, retention)
    return target


def backup_slug(path):
    """Backup base name from the absolute path, so two ``.env`` files never share backups."""
    return os.path.abspath(path).strip('/').replace('/', '_')


def list_backups(path, backup_dir):
    base = backup_slug(path)
    pat = re.compile(r'^' + re.escape(base) + r'\.\d{8}T\d{6}Z(-\d+)?\.bak$')
    if not os.path.isdir(backup_dir):
        return []
    names = [os.path.join(backup_dir, n) for n in os.listdir(backup_dir) if pat.match(n)]
    names.sort(key=_order)
    return names


def _order(path):
    """(timestamp, suffix number) of a backup file name."""
    m = re.search(r'\.(\d{8}T\d{6}Z)(?:-(\d+))?\.bak$', path)
    return (m.group(1), int(m.group(2) or 0))


def prune_backups(path, backup_dir, retention):
    existing = list_backups(path, backup_dir)
    removed = []
    if retention > 0:
        for old in existing[:-retention]:
            os.unlink(old)
            removed.append(old)
    return removed
