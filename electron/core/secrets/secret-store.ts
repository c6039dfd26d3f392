/**
 * API keys and other secrets, never written in plain text: one JSON file whose entries are each
 * sealed by a SecretCipher (Electron's safeStorage in the Electron host, AES-256-GCM under a
 * passphrase elsewhere). Each entry is bound to its name, so entries cannot be swapped, and a
 * check entry tells a wrong passphrase from a damaged file.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export interface SecretStore {
  names(): string[];
  get(name: string): string | null;
  set(name: string, value: string): void;
  delete(name: string): boolean;
}

/** Seals and opens bytes; `params` are the public values it needs again (a salt), kept in the file. */
export interface SecretCipher {
  readonly id: string;
  readonly params: Record<string, string>;
  seal(plain: Buffer, context: string): Buffer;
  /** Throws when the bytes were not sealed by this cipher under this context. */
  open(sealed: Buffer, context: string): Buffer;
}

export const SECRETS_FILE = 'secrets.json';
const CHECK_CONTEXT = '(check)';
const CHECK_PLAIN = 'inventory-premium-desk secrets';

const SecretName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'a secret name is 1-64 letters, digits, dots, dashes or underscores');

const SecretsFile = z
  .object({
    format: z.literal('inventory-premium-desk/secrets'),
    version: z.literal(1),
    cipher: z.string(),
    params: z.record(z.string(), z.string()),
    check: z.string(),
    entries: z.record(z.string(), z.string()),
  })
  .strict();
type SecretsFile = z.infer<typeof SecretsFile>;

export class SecretStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretStoreError';
  }
}

export class EncryptedFileSecretStore implements SecretStore {
  private constructor(
    private readonly file: string,
    private readonly cipher: SecretCipher,
    private contents: SecretsFile,
  ) {}

  /**
   * Open (or create) the secrets file. `makeCipher` receives the stored params of an existing
   * file (its salt) or none for a new one.
   */
  static open(file: string, makeCipher: (params?: Record<string, string>) => SecretCipher): EncryptedFileSecretStore {
    if (!fs.existsSync(file)) {
      const cipher = makeCipher();
      const contents: SecretsFile = {
        format: 'inventory-premium-desk/secrets',
        version: 1,
        cipher: cipher.id,
        params: cipher.params,
        check: cipher.seal(Buffer.from(CHECK_PLAIN), CHECK_CONTEXT).toString('base64'),
        entries: {},
      };
      return new EncryptedFileSecretStore(file, cipher, contents);
    }
    let parsed: SecretsFile;
    try {
      parsed = SecretsFile.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
    } catch (error) {
      throw new SecretStoreError(`the secrets file ${file} is damaged: ${(error as Error).message.slice(0, 200)}`);
    }
    const cipher = makeCipher(parsed.params);
    if (cipher.id !== parsed.cipher) throw new SecretStoreError(`the secrets file ${file} was sealed by ${parsed.cipher}, not ${cipher.id}`);
    try {
      cipher.open(Buffer.from(parsed.check, 'base64'), CHECK_CONTEXT);
    } catch {
      throw new SecretStoreError(`cannot open the secrets file ${file}: wrong passphrase (or a different machine's keychain)`);
    }
    return new EncryptedFileSecretStore(file, cipher, parsed);
  }

  names(): string[] {
    return Object.keys(this.contents.entries).sort();
  }

  get(name: string): string | null {
    const sealed = this.contents.entries[SecretName.parse(name)];
    if (sealed === undefined) return null;
    try {
      return this.cipher.open(Buffer.from(sealed, 'base64'), name).toString('utf8');
    } catch {
      throw new SecretStoreError(`the secret ${name} does not open: the file was altered`);
    }
  }

  set(name: string, value: string): void {
    if (value.length === 0) throw new SecretStoreError('a secret cannot be empty');
    const sealed = this.cipher.seal(Buffer.from(value, 'utf8'), SecretName.parse(name)).toString('base64');
    this.save({ ...this.contents, entries: { ...this.contents.entries, [name]: sealed } });
  }

  delete(name: string): boolean {
    if (!(SecretName.parse(name) in this.contents.entries)) return false;
    const { [name]: _removed, ...entries } = this.contents.entries;
    this.save({ ...this.contents, entries });
    return true;
  }

  /** Write beside, fsync, rename: a crash leaves the old file or the new one, never half of one. Owner-only. */
  private save(contents: SecretsFile): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const partial = `${this.file}.partial`;
    const fd = fs.openSync(partial, 'w', 0o600);
    try {
      fs.writeSync(fd, `${JSON.stringify(contents, null, 2)}\n`);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(partial, this.file);
    this.contents = contents;
  }
}

/** scrypt cost: N = 2^15, r = 8 (about 0.1 s and 32 MiB per unlock; RFC 7914 section 2's interactive range). */
const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

/**
 * AES-256-GCM with a key derived from a passphrase by scrypt, for the browser host and the CLI.
 * Sealed layout: 12-byte random IV, 16-byte tag, ciphertext; the entry name is the additional
 * authenticated data (NIST SP 800-38D).
 */
export function passphraseCipher(passphrase: string, params?: Record<string, string>): SecretCipher {
  if (passphrase.length < 8) throw new SecretStoreError('the secrets passphrase must be at least 8 characters');
  const salt = params?.salt ? Buffer.from(params.salt, 'base64') : crypto.randomBytes(16);
  const key = crypto.scryptSync(passphrase.normalize('NFC'), salt, 32, SCRYPT);
  return {
    id: 'aes-256-gcm/scrypt',
    params: { salt: salt.toString('base64') },
    seal(plain, context) {
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const data = Buffer.concat([cipher.update(plain), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), data]);
    },
    open(sealed, context) {
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]);
    },
  };
}
