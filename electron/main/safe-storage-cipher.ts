/**
 * The Electron host's SecretCipher: the OS keychain through safeStorage (Keychain on macOS,
 * DPAPI on Windows, libsecret/kwallet on Linux). safeStorage has no associated data, so the
 * entry name is sealed with the value and checked on open, which keeps entries unswappable.
 */
import { safeStorage } from 'electron';
import type { SecretCipher } from '../core/secrets/secret-store';

export function safeStorageCipher(): SecretCipher {
  if (!safeStorage.isEncryptionAvailable()) throw new Error('the OS keychain is not available, so API keys cannot be stored safely here');
  return {
    id: 'electron-safe-storage',
    params: {},
    seal: (plain, context) => safeStorage.encryptString(`${context}\u0000${plain.toString('base64')}`),
    open(sealed, context) {
      const [name, value] = safeStorage.decryptString(sealed).split('\u0000');
      if (name !== context || value === undefined) throw new Error('sealed for another entry');
      return Buffer.from(value, 'base64');
    },
  };
}
