/**
 * API keys are never written in plain text and never logged: the sealed secrets file round-trips,
 * refuses a wrong passphrase and any tampering, and after a session of real CLI commands no file
 * in the data directory (backups included) and no line of output holds the key in any encoding.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EncryptedFileSecretStore, passphraseCipher, SECRETS_FILE } from '../../../electron/core/secrets/secret-store';
import { PASSPHRASE_ENV } from '../../../electron/cli/commands/secrets';
import { runDesk } from '../../support/desk-cli';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs();
const PASSPHRASE = 'correct horse battery staple';
const API_SECRET = 'dXq9-Zz7_deribit-client-secret-4f1c9a'; // distinctive, so any leak is found by search

/** The ways a careless writer could let the key out: raw, base64, hex, UTF-16, URL-encoded. */
function encodings(secret: string): Buffer[] {
  const raw = Buffer.from(secret, 'utf8');
  return [raw, Buffer.from(raw.toString('base64')), Buffer.from(raw.toString('base64url')), Buffer.from(raw.toString('hex')), Buffer.from(secret, 'utf16le'), Buffer.from(encodeURIComponent(secret))];
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

const open = (file: string, passphrase = PASSPHRASE) => EncryptedFileSecretStore.open(file, (params) => passphraseCipher(passphrase, params));

describe('the sealed secrets file', () => {
  it('round-trips across a reopen, owner-only, with nothing readable in the file', () => {
    const file = path.join(tempDir(), SECRETS_FILE);
    const store = open(file);
    store.set('deribit.client-secret', API_SECRET);
    store.set('okx.key', 'another');
    expect(store.delete('okx.key')).toBe(true);
    expect(store.delete('okx.key')).toBe(false);
    const again = open(file);
    expect(again.names()).toEqual(['deribit.client-secret']);
    expect(again.get('deribit.client-secret')).toBe(API_SECRET);
    expect(again.get('missing')).toBeNull();
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const bytes = fs.readFileSync(file);
    for (const encoded of encodings(API_SECRET)) expect(bytes.includes(encoded)).toBe(false);
  });

  it('refuses a wrong passphrase, a swapped entry and an altered byte with a clear error that holds no secret', () => {
    const file = path.join(tempDir(), SECRETS_FILE);
    const store = open(file);
    store.set('a', API_SECRET);
    store.set('b', 'other-secret-value');
    expect(() => open(file, 'not the passphrase')).toThrow(/wrong passphrase/);

    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    fs.writeFileSync(file, JSON.stringify({ ...json, entries: { a: json.entries.b, b: json.entries.a } }));
    const swapped = open(file);
    const error = (() => {
      try {
        swapped.get('a');
      } catch (caught) {
        return caught as Error;
      }
    })();
    expect(error?.message).toMatch(/does not open: the file was altered/);
    expect(error?.message).not.toContain(API_SECRET);

    const sealed = Buffer.from(json.entries.a, 'base64');
    sealed[sealed.length - 1]! ^= 1;
    fs.writeFileSync(file, JSON.stringify({ ...json, entries: { ...json.entries, a: sealed.toString('base64') } }));
    expect(() => open(file).get('a')).toThrow(/altered/);
    fs.writeFileSync(file, '{"format": 1');
    expect(() => open(file)).toThrow(/damaged/);
    expect(() => open(path.join(tempDir(), SECRETS_FILE), 'short')).toThrow(/at least 8 characters/);
    expect(() => store.set('../escape', 'x')).toThrow(/secret name/);
  });
});

describe('a CLI session with an API key', () => {
  it('never writes the key in plain text to the data directory and never prints it', () => {
    const dataDir = tempDir();
    const env = { [PASSPHRASE_ENV]: PASSPHRASE };
    const outputs: string[] = [];
    const run = (args: string[], input = '', extraEnv: NodeJS.ProcessEnv = env) => {
      const result = runDesk([...args, '--data-dir', dataDir], input, extraEnv);
      outputs.push(result.stdout, result.stderr);
      return result;
    };
    expect(run(['secret-set', '--name', 'deribit.client-secret'], `${API_SECRET}\n`).json()).toEqual([{ stored: 'deribit.client-secret' }]);
    expect(run(['secrets']).json()).toEqual([{ names: ['deribit.client-secret'] }]);
    expect(run(['secrets'], '', { [PASSPHRASE_ENV]: 'wrong passphrase!' }).stderr).toMatch(/wrong passphrase/);
    expect(run(['secret-set', '--name', 'bad name!'], `${API_SECRET}\n`).code).not.toBe(0);
    expect(run(['secrets'], '', { [PASSPHRASE_ENV]: undefined }).stderr).toMatch(new RegExp(`set ${PASSPHRASE_ENV}`));
    run(['add-fills'], '{"instrument":"BTC-PERPETUAL","side":"buy","size":10,"price":60000}\n');
    run(['backup']);
    run(['status']);

    const files = filesUnder(dataDir);
    expect(files.map((file) => path.relative(dataDir, file))).toEqual(expect.arrayContaining([SECRETS_FILE, 'desk.sqlite', expect.stringMatching(/^backups\/desk-/)]));
    for (const file of files) {
      const bytes = fs.readFileSync(file);
      for (const encoded of encodings(API_SECRET)) expect(bytes.includes(encoded), `${file} holds the key`).toBe(false);
    }
    const log = outputs.join('\n');
    for (const encoded of encodings(API_SECRET)) expect(log.includes(encoded.toString('latin1'))).toBe(false);
    expect(log).not.toContain(PASSPHRASE);
  }, 180_000); // a dozen CLI processes: slow on a loaded 2-core machine
});
