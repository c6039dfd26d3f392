/**
 * Venues' API keys in the secret store, by name (deribit.client-id, deribit.client-secret), for
 * importing the account's trades. Only the Electron host stores them from the UI: it seals them
 * with the OS keychain (safeStorage). The browser host refuses, and says why: a page served to a
 * browser has no keychain to seal with, and a key must never rest in plain text. The CLI stores
 * them with secret-set under a passphrase.
 */
import type { HostMode, VenueKeysStatus } from '../../../shared/contract/schemas';
import { KeyVenue } from '../../../shared/contract/schemas';
import { DeskFailure } from '../api/dispatch';
import type { SecretStore } from './secret-store';

type Venue = (typeof KeyVenue.options)[number];

export const VENUE_KEY_NAMES: Readonly<Record<Venue, { clientId: string; clientSecret: string }>> = {
  deribit: { clientId: 'deribit.client-id', clientSecret: 'deribit.client-secret' },
};

const REFUSALS: Readonly<Record<HostMode, string>> = {
  electron: 'the OS keychain could not be opened, so API keys cannot be stored safely here',
  browser:
    "the browser host does not store API keys: a browser has no OS keychain (Electron's safeStorage) to seal them with, and a key is never kept in plain text. " +
    'Store them in the Electron desk, or from a terminal with `npm run -s desk -- secret-set --name deribit.client-id` (sealed under DESK_SECRETS_PASSPHRASE)',
  cli: 'the CLI stores API keys with secret-set (sealed under DESK_SECRETS_PASSPHRASE)',
};

export class VenueKeys {
  private opened: SecretStore | undefined;

  /** `openSecrets`: the host's keychain-sealed store (Electron only); absent elsewhere. */
  constructor(
    private readonly hostMode: HostMode,
    private readonly openSecrets?: () => SecretStore,
  ) {}

  status(): VenueKeysStatus[] {
    const { store, refusal } = this.store();
    return KeyVenue.options.map((venue) => {
      const names = VENUE_KEY_NAMES[venue];
      const stored = store !== undefined && store.names().includes(names.clientId) && store.names().includes(names.clientSecret);
      return { venue, stored, canStore: store !== undefined, message: refusal ?? null };
    });
  }

  set(venue: Venue, clientId: string, clientSecret: string): VenueKeysStatus {
    const { store, refusal } = this.store();
    if (!store) throw new DeskFailure({ code: 'refused', message: refusal });
    store.set(VENUE_KEY_NAMES[venue].clientId, clientId);
    store.set(VENUE_KEY_NAMES[venue].clientSecret, clientSecret);
    return { venue, stored: true, canStore: true, message: null };
  }

  /** The venue's stored key, for importing its trades; refused where this host keeps none. */
  get(venue: Venue): { clientId: string; clientSecret: string } {
    const { store, refusal } = this.store();
    if (!store) throw new DeskFailure({ code: 'refused', message: refusal });
    const [clientId, clientSecret] = [store.get(VENUE_KEY_NAMES[venue].clientId), store.get(VENUE_KEY_NAMES[venue].clientSecret)];
    if (!clientId || !clientSecret) throw new DeskFailure({ code: 'refused', message: `no ${venue} API key is stored: store a read-only key first (venues.setKeys)` });
    return { clientId, clientSecret };
  }

  private store(): { store: SecretStore; refusal?: undefined } | { store?: undefined; refusal: string } {
    if (this.hostMode !== 'electron' || !this.openSecrets) return { refusal: REFUSALS[this.hostMode] };
    try {
      return { store: (this.opened ??= this.openSecrets()) };
    } catch (error) {
      // No keychain, or a secrets file sealed another way: status says which, set refuses.
      return { refusal: `${REFUSALS.electron}: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
}
