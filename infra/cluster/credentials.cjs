// The credentials every process of the local cluster shares, made once (owner-only files) in the
// directory given, exactly as the one-process start makes its own: the JWT signing secret, the local
// admin API key (kept as its SHA-256; the key is printed once, to the terminal) and the customer-key
// secret. What the environment sets (AUTH_JWT_SECRETS, AUTH_API_KEYS, CUSTOMER_KEY_SECRET) is kept.
// Prints NAME=value lines for cluster.sh to export to the processes; it never writes them to a log.
// Usage: node credentials.cjs <directory> <url of the first command service>   (after npm run build)
require('reflect-metadata');
const { join } = require('node:path');

const dist = join(__dirname, '..', '..', 'dist');
const { ensureLocalCredentials, firstRunNotice, laterRunNotice } = require(
  join(dist, 'apps', 'standalone', 'src', 'local-credentials.js'),
);
const { localCustomerKeySecret } = require(
  join(dist, 'libs', 'privacy', 'src', 'config', 'personal-data.config.js'),
);

process.umask(0o077);
const [dir, url] = process.argv.slice(2);
const credentials = ensureLocalCredentials(dir, process.env);
const values = {
  ...credentials.env,
  CUSTOMER_KEY_SECRET: process.env.CUSTOMER_KEY_SECRET || localCustomerKeySecret(dir),
};
process.stderr.write(
  credentials.newAdminKey
    ? firstRunNotice(url, credentials.newAdminKey, credentials.adminKeyFile)
    : `cluster: ${laterRunNotice(credentials.adminKeyFile, credentials.adminKeyCreatedAt)}\n`,
);
for (const [name, value] of Object.entries(values)) process.stdout.write(`${name}=${value}\n`);
