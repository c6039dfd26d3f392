/**
 * API keys from the CLI: stored sealed under a passphrase (AES-256-GCM, scrypt), never echoed.
 * The passphrase comes from DESK_SECRETS_PASSPHRASE, never from a flag (flags land in shell history and ps).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../../core/data-dir';
import { EncryptedFileSecretStore, passphraseCipher, SECRETS_FILE } from '../../core/secrets/secret-store';
import { UsageError, type Command } from '../command';
import { DATA_DIR_USAGE } from '../data-dir-flag';
import { readLines, writeJson } from '../jsonl';

export const PASSPHRASE_ENV = 'DESK_SECRETS_PASSPHRASE';

export const PASSPHRASE_USAGE = `  env ${PASSPHRASE_ENV}   the passphrase that seals the secrets file (required)`;

/** The data directory's secrets file, opened with the passphrase from the environment. */
export function openSecretStore(dataDir: string): EncryptedFileSecretStore {
  const passphrase = process.env[PASSPHRASE_ENV];
  if (!passphrase) throw new UsageError(`set ${PASSPHRASE_ENV} to the secrets passphrase`);
  return EncryptedFileSecretStore.open(path.join(dataDir, SECRETS_FILE), (params) => passphraseCipher(passphrase, params));
}

function openSecrets(argv: string[], extra: Record<string, { type: 'string' }> = {}) {
  const { values } = parseArgs({ args: argv, options: { 'data-dir': { type: 'string' }, ...extra }, strict: true });
  const store = openSecretStore(path.resolve((values['data-dir'] as string | undefined) ?? defaultDataDir()));
  return { store, values: values as Record<string, string | undefined> };
}

export const setSecret: Command = {
  name: 'secret-set',
  summary: 'store an API key (read from stdin) sealed under the passphrase',
  usage: `${DATA_DIR_USAGE}\n  --name NAME      e.g. deribit.client-id, deribit.client-secret\n${PASSPHRASE_USAGE}\n  stdin: the secret, one line`,
  async run(argv) {
    const { store, values } = openSecrets(argv, { name: { type: 'string' } });
    if (!values.name) throw new UsageError('--name is required');
    let value: string | undefined;
    for await (const line of readLines()) value ??= line.trim();
    if (!value) throw new UsageError('no secret on stdin');
    store.set(values.name, value);
    writeJson({ stored: values.name });
    return 0;
  },
};

export const listSecrets: Command = {
  name: 'secrets',
  summary: 'the names of the stored secrets (never their values)',
  usage: `${DATA_DIR_USAGE}\n${PASSPHRASE_USAGE}`,
  async run(argv) {
    writeJson({ names: openSecrets(argv).store.names() });
    return 0;
  },
};
