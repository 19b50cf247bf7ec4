#!/bin/sh
# health-double: a TEST DOUBLE standing in for a BaaS service (Appwrite API, Hasura ...). Not a real service.
# At start it records the values of the variables named in HD_KEYS that compose passed in; its health URL
# answers 200 only while /project/.env still holds those same values, 503 otherwise. So it turns unhealthy
# when the file changes and the container was not recreated (e.g. `docker compose restart`), and healthy
# again after `docker compose up -d`.
: > /tmp/started
for k in $HD_KEYS; do
  eval "v=\${$k}"
  printf '%s=%s\n' "$k" "$v" >> /tmp/started
done
exec httpd -f -p 8080 -h /www
