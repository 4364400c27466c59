#!/usr/bin/env bash
# The integration tests need the PostgreSQL server on 127.0.0.1:5432 (DATABASE_URL overrides). Start the
# local cluster if it is installed but stopped; fail with a clear message otherwise.
set -uo pipefail
url=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}
ready() { node -e "
  const { Client } = require('pg');
  const c = new Client({ connectionString: process.argv[1], connectionTimeoutMillis: 3000 });
  c.connect().then(() => c.end()).then(() => process.exit(0), () => process.exit(1));
" "$url"; }

ready && exit 0
if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
  echo "PostgreSQL is not answering; starting the local cluster"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
  for _ in $(seq 1 30); do ready && exit 0; sleep 1; done
fi
echo "PostgreSQL is required for the integration tests and is not reachable (DATABASE_URL or 127.0.0.1:5432)" >&2
exit 1
