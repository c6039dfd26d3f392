/**
 * Which simulated instruments someone listens to, as flags the step loop reads without a lookup:
 * per option (by chain index, rebuilt when the chain is relisted), per perpetual and per coin
 * index (a coin's index goes to whoever listens to any of its instruments).
 */
import type { SimChain } from './chain';

export class Interest {
  private readonly names = new Set<string>();
  options = new Uint8Array(0);
  readonly perpetuals: Uint8Array;
  readonly index: Uint8Array;

  constructor(private readonly perpetualNames: readonly string[]) {
    this.perpetuals = new Uint8Array(perpetualNames.length);
    this.index = new Uint8Array(perpetualNames.length);
  }

  /** Names among `names` that are neither listed options nor perpetuals. */
  unknown(names: readonly string[], chain: SimChain): string[] {
    return names.filter((name) => !chain.index.has(name) && !this.perpetualNames.includes(name));
  }

  add(names: Iterable<string>, chain: SimChain): void {
    for (const name of names) this.names.add(name);
    this.rebuild(chain);
  }

  clear(chain: SimChain): void {
    this.names.clear();
    this.rebuild(chain);
  }

  rebuild(chain: SimChain): void {
    this.options = new Uint8Array(chain.size);
    this.perpetuals.fill(0);
    this.index.fill(0);
    for (const name of this.names) {
      const i = chain.index.get(name);
      if (i !== undefined) {
        this.options[i] = 1;
        this.index[chain.coin[i]!] = 1;
        continue;
      }
      const c = this.perpetualNames.indexOf(name);
      if (c >= 0) this.perpetuals[c] = this.index[c] = 1;
    }
  }
}
