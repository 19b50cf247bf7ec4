# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import signal
import stat

import pytest

from ansible_collections.baas.hardening.plugins.module_utils import atomic

OLD = b'A=old\n' * 1000
NEW = b'A=new-value\n' * 3000


def _kill_at(step, path):
    """Fork a writer that SIGKILLs itself when it reaches ``step``; return its exit signal."""
    pid = os.fork()
    if pid == 0:  # child
        def hook(name):
            if name == step:
                os.kill(os.getpid(), signal.SIGKILL)
        try:
            atomic.write_atomic(str(path), NEW, hook=hook)
        finally:
            os._exit(0)
    dummy, status = os.waitpid(pid, 0)
    return os.WTERMSIG(status) if os.WIFSIGNALED(status) else None


@pytest.mark.parametrize('step', atomic.STEPS)
def test_kill_at_each_step_leaves_old_or_new(tmp_path, step):
    target = tmp_path / '.env'
    target.write_bytes(OLD)
    assert _kill_at(step, target) == signal.SIGKILL
    content = target.read_bytes()
    assert content in (OLD, NEW)
    if atomic.STEPS.index(step) >= atomic.STEPS.index('renamed'):
        assert content == NEW
    else:
        assert content == OLD
    # a killed writer can leave a temp file; the next run removes it
    atomic.cleanup_stale_temps(str(target))
    assert sorted(os.listdir(str(tmp_path))) == ['.env']


def test_write_sets_mode_and_keeps_owner(tmp_path):
    target = tmp_path / 'config.json'
    target.write_bytes(b'{}')
    os.chmod(str(target), 0o644)
    before = os.stat(str(target))
    atomic.write_atomic(str(target), b'{"a": 1}')
    after = os.stat(str(target))
    assert stat.S_IMODE(after.st_mode) == 0o600
    assert (after.st_uid, after.st_gid) == (before.st_uid, before.st_gid)
    assert after.st_ino != before.st_ino  # replaced by rename, not rewritten in place
    assert target.read_bytes() == b'{"a": 1}'


def test_failure_during_write_removes_temp_and_keeps_old(tmp_path):
    target = tmp_path / '.env'
    target.write_bytes(OLD)

    def hook(name):
        if name == 'fsynced':
            raise RuntimeError('disk full')
    with pytest.raises(RuntimeError):
        atomic.write_atomic(str(target), NEW, hook=hook)
    assert target.read_bytes() == OLD
    assert os.listdir(str(tmp_path)) == ['.env']


def test_backup_mode_names_and_retention(tmp_path):
    src = tmp_path / 'proj' / '.env'
    src.parent.mkdir()
    src.write_bytes(OLD)
    bdir = tmp_path / 'backups'
    made = [atomic.backup(str(src), str(bdir), retention=3, now=1700000000 + i) for i in range(5)]
    kept = atomic.list_backups(str(src), str(bdir))
    assert kept == made[-3:]
    assert stat.S_IMODE(os.stat(str(bdir)).st_mode) == 0o700
    for path in kept:
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        with open(path, 'rb') as handle:
            assert handle.read() == OLD
    # same second twice: a second name, not an overwrite
    a = atomic.backup(str(src), str(bdir), retention=10, now=1800000000)
    b = atomic.backup(str(src), str(bdir), retention=10, now=1800000000)
    assert a != b and os.path.exists(a) and os.path.exists(b)
    # another file named .env elsewhere does not share the retention
    other = tmp_path / 'other' / '.env'
    other.parent.mkdir()
    other.write_bytes(NEW)
    atomic.backup(str(other), str(bdir), retention=1)
    assert len(atomic.list_backups(str(src), str(bdir))) == 5
