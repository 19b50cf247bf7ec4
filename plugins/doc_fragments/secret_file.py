# -*- coding: utf-8 -*-
# Copyright: baas.hardening contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Options shared by the modules that read one platform's secret file."""

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  platform:
    description: Which catalog of secrets applies.
    type: str
    required: true
    choices: [appwrite, nhost, parse]
  path:
    description: The secret file.
    type: path
    required: true
  format:
    description: File format. C(auto) treats C(*.json) as JSON and everything else as dotenv.
    type: str
    default: auto
    choices: [auto, dotenv, json]
"""
