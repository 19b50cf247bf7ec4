#!/bin/sh
# TLS certificate for pebble's own ACME/management API (not the certificates pebble issues).
# $1: the attacker's address on the scenario network.
set -eu
d=/etc/pebble-baas
mkdir -p "$d"
cd "$d"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 \
  -subj /CN=baas-test-pebble-api-ca -addext keyUsage=critical,keyCertSign,cRLSign \
  -keyout ca.key -out ca.pem 2>/dev/null
cat >ext.cnf <<EXT
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid,issuer
subjectAltName=IP:$1,IP:127.0.0.1,DNS:localhost
EXT
openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj /CN=pebble \
  -keyout key.pem -out csr.pem 2>/dev/null
openssl x509 -req -in csr.pem -CA ca.pem -CAkey ca.key -CAcreateserial -days 30 \
  -extfile ext.cnf -out cert.pem 2>/dev/null
chmod 0600 ca.key key.pem
