# -*- coding: utf-8 -*-
# Copyright: baas.hardening contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Per-platform catalogs of secrets: form, schedule, how a new value is applied, refusals.

``action``:
  rotate   - the module generates a new value and writes the file; ``services`` must then be
             recreated together (``docker compose up -d`` in the project directory).
  refuse   - rotating destroys data or breaks clients; ``reason`` says why. Audited only.
  second_side - something outside the file must change first (database role password,
             redis ``--requirepass``, a provider console); refused with ``reason`` as the
             step-by-step instruction.
  mirror   - a copy of another key (``mirror_of``); follows that key when it rotates.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DEFAULT_MAX_AGE_DAYS = 90

# Values published in upstream docs and examples, or installer defaults: always flagged,
# always due. These are public strings, not secrets.
KNOWN_DEFAULTS = (
    'your-secret-key',
    'change-me',
    'changeme',
    'nhost-admin-secret',
    'secret-pg-password-never-use-this-value',
    'storage-access-key-never-use-this-value',
    'storage-secret-key-never-use-this-value',
    # Nhost docker-compose example .env.example, HASURA_GRAPHQL_JWT_SECRET "key"
    '5152fa850c02dc222631cca898ed1485821a70912a6e3649c49076912daa3b62182ba013315915d64f40cddfbb8b58eb5bd11ba225336a6af45bbae07ca873f3',
    'password',
    'secret',
    'admin',
)

# A secret shorter than this is flagged as weak by the audit.
MIN_LENGTH = 16

# Name prefixes that end up in browser code.
BROWSER_PREFIXES = ('NEXT_PUBLIC_', 'VITE_', 'REACT_APP_', 'PUBLIC_', 'NUXT_PUBLIC_', 'EXPO_PUBLIC_')

_OPENSSL_REASON = (
    'refused: _APP_OPENSSL_KEY_V1 is Appwrite\'s encryption key (AES-GCM, values stored with '
    'version "1") and its JWT/HMAC signing key; nothing is re-encrypted on restart, so a new value '
    'breaks every session, password login, project API key, OAuth/SMTP/webhook secret, function '
    'variable and encrypted file. Keep it; keep the 0600 backup.')
_AUTH_ENC_REASON = (
    'refused: AUTH_ENCRYPTION_KEY is hasura-auth\'s single AES-GCM key for data it stores '
    'encrypted (e.g. TOTP secrets); there is no second key to decrypt old rows, so a new value '
    'makes them unreadable.')


def _db(user_hint, db):
    return ('refused with instructions: the database image applies this password only at first '
            'init. Change it in the running database first (%s: %s), then write the same value '
            'into the file, then run docker compose up -d in the project directory. Do not edit '
            'the file alone: the stack would lose its database connection.' % (db, user_hint))


APPWRITE_SERVICES = ['appwrite', 'appwrite-realtime', 'appwrite-worker-functions', 'appwrite-worker-builds',
                     'appwrite-executor', 'openruntimes-executor', 'appwrite-worker-deletes']

CATALOGS = {
    'appwrite': {
        '_APP_OPENSSL_KEY_V1': {'action': 'refuse', 'reason': _OPENSSL_REASON, 'privileged': True},
        '_APP_EXECUTOR_SECRET': {
            'action': 'rotate', 'form': 'alnum', 'length': 48, 'privileged': True,
            'services': APPWRITE_SERVICES,
            'note': 'API, workers and executor read it: compose recreates them together.'},
        '_APP_DB_PASS': {
            'action': 'second_side', 'privileged': True,
            'reason': _db("ALTER USER '<_APP_DB_USER>'@'%' IDENTIFIED BY '<new>'", 'MariaDB, as root')},
        '_APP_DB_ROOT_PASS': {
            'action': 'second_side', 'privileged': True,
            'reason': _db("ALTER USER 'root'@'%' IDENTIFIED BY '<new>' (and 'root'@'localhost')", 'MariaDB, as root')},
        '_APP_REDIS_PASS': {
            'action': 'second_side', 'privileged': True,
            'reason': ('refused with instructions: Appwrite\'s compose file does not pass a password to '
                       'redis; add --requirepass ${_APP_REDIS_PASS} to the redis command in '
                       'docker-compose.yml, then set the value here and run docker compose up -d so '
                       'redis and every client get it together.')},
        '_APP_SMTP_PASSWORD': {
            'action': 'second_side',
            'reason': 'refused: issued by your mail provider; rotate it there, then set the new value.'},
        '_APP_STORAGE_S3_SECRET': {
            'action': 'second_side', 'reason': 'refused: issued by the storage provider; rotate it there.'},
        '_APP_STORAGE_S3_ACCESS_KEY': {
            'action': 'second_side', 'reason': 'refused: issued by the storage provider; rotate it there.'},
        '_APP_VCS_GITHUB_PRIVATE_KEY': {
            'action': 'second_side', 'reason': 'refused: a GitHub App key; create a new one in the GitHub App settings.'},
        '_APP_VCS_GITHUB_CLIENT_SECRET': {
            'action': 'second_side', 'reason': 'refused: issued by GitHub; rotate it in the GitHub App settings.'},
        '_APP_VCS_GITHUB_WEBHOOK_SECRET': {
            'action': 'second_side', 'reason': 'refused: must match the GitHub App webhook setting; change both.'},
    },
    'nhost': {
        'AUTH_ENCRYPTION_KEY': {'action': 'refuse', 'reason': _AUTH_ENC_REASON, 'privileged': True},
        'HASURA_GRAPHQL_ADMIN_SECRET': {
            'action': 'rotate', 'form': 'alnum', 'length': 48, 'privileged': True,
            'services': ['graphql', 'auth', 'storage', 'functions', 'dashboard', 'console'],
            'mirrors': ['NEXT_PUBLIC_NHOST_ADMIN_SECRET'],
            'note': 'every service that talks to Hasura with the admin secret is recreated.'},
        'HASURA_GRAPHQL_JWT_SECRET': {
            'action': 'rotate', 'form': 'hasura_jwt', 'length': 64, 'privileged': True,
            'services': ['graphql', 'auth'],
            'note': ('graphql-engine and auth get the new key together; nobody is logged out, but '
                     'access tokens fail until the client refreshes (900 s by default).')},
        'STORAGE_ACCESS_KEY': {
            'action': 'rotate', 'form': 'alnum', 'length': 32, 'privileged': True,
            'services': ['minio', 'storage'], 'note': 'also the MinIO root user: minio and storage recreated together.'},
        'STORAGE_SECRET_KEY': {
            'action': 'rotate', 'form': 'alnum', 'length': 48, 'privileged': True,
            'services': ['minio', 'storage'], 'note': 'also the MinIO root password.'},
        'POSTGRES_PASSWORD': {
            'action': 'second_side', 'privileged': True,
            'reason': _db('ALTER ROLE postgres WITH PASSWORD \'<new>\'', 'PostgreSQL, psql as postgres')},
        'NEXT_PUBLIC_NHOST_ADMIN_SECRET': {
            'action': 'mirror', 'mirror_of': 'HASURA_GRAPHQL_ADMIN_SECRET', 'privileged': True, 'browser': True,
            'reason': 'copies the admin secret into browser code of the dashboard; follows HASURA_GRAPHQL_ADMIN_SECRET.'},
    },
    'parse': {
        'masterKey': {
            'action': 'rotate', 'form': 'alnum', 'length': 40, 'privileged': True,
            'env': 'PARSE_SERVER_MASTER_KEY', 'services': ['parse-server', 'parse-dashboard'],
            'note': 'end users unaffected; update server-side scripts and the Parse Dashboard config.'},
        'readOnlyMasterKey': {
            'action': 'rotate', 'form': 'alnum', 'length': 40, 'privileged': True,
            'env': 'PARSE_SERVER_READ_ONLY_MASTER_KEY', 'services': ['parse-server', 'parse-dashboard']},
        'maintenanceKey': {
            'action': 'rotate', 'form': 'alnum', 'length': 40, 'privileged': True,
            'env': 'PARSE_SERVER_MAINTENANCE_KEY', 'services': ['parse-server']},
        'webhookKey': {
            'action': 'second_side', 'env': 'PARSE_SERVER_WEBHOOK_KEY',
            'reason': 'refused: every webhook receiver checks it; change the receivers and this key together.'},
        'clientKey': {
            'action': 'refuse', 'env': 'PARSE_SERVER_CLIENT_KEY', 'public_ok': True,
            'reason': 'refused: shipped inside client apps; a new value breaks every installed client.'},
        'javascriptKey': {
            'action': 'refuse', 'env': 'PARSE_SERVER_JAVASCRIPT_KEY', 'public_ok': True,
            'reason': 'refused: shipped inside web clients; a new value breaks every deployed client.'},
        'restAPIKey': {
            'action': 'refuse', 'env': 'PARSE_SERVER_REST_API_KEY', 'public_ok': True,
            'reason': 'refused: used by REST clients; rotate with a client release.'},
        'dotNetKey': {
            'action': 'refuse', 'env': 'PARSE_SERVER_DOT_NET_KEY', 'public_ok': True,
            'reason': 'refused: shipped inside .NET clients.'},
        'fileKey': {
            'action': 'refuse', 'env': 'PARSE_SERVER_FILE_KEY', 'privileged': True,
            'reason': 'refused: file URLs and the legacy files adapter depend on it; a new value orphans stored files.'},
        'databaseURI': {
            'action': 'second_side', 'env': 'PARSE_SERVER_DATABASE_URI', 'privileged': True, 'uri': True,
            'reason': _db('ALTER ROLE <user> WITH PASSWORD \'<new>\'', 'PostgreSQL')},
    },
}

PLATFORMS = tuple(sorted(CATALOGS))


def catalog(platform, style='native'):
    """Catalog of ``platform``. For Parse, style ``env`` keys it by ``PARSE_SERVER_*`` names."""
    cat = CATALOGS[platform]
    if platform != 'parse' or style != 'env':
        return dict(cat)
    out = {}
    for name, spec in cat.items():
        spec = dict(spec)
        spec['json_key'] = name
        out[spec['env']] = spec
    return out


def lookup(platform, key, style='native'):
    return catalog(platform, style).get(key)


def rotatable(platform, style='native'):
    return [k for k, v in catalog(platform, style).items() if v['action'] == 'rotate']


def secret_file_spec():
    """Argument spec of one platform's secret file (platform, path, format); shared by the modules."""
    return dict(
        platform=dict(type='str', required=True, choices=list(PLATFORMS)),
        path=dict(type='path', required=True),
        format=dict(type='str', default='auto', choices=['auto', 'dotenv', 'json']),
    )
