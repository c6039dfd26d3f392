/** The renderer's one way to the core: Electron's preload when present, the browser bridge otherwise. */
import { createDeskApi, type DeskApi, type DeskTransport } from '../../../shared/contract/api';
import { websocketTransport, type ConnectionState } from './websocket';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in a browser. */
    desk?: DeskTransport;
  }
}

export type { ConnectionState };

export function connectDesk(onState: (state: ConnectionState) => void): DeskApi {
  if (window.desk) {
    onState('open');
    return createDeskApi(window.desk);
  }
  return createDeskApi(websocketTransport(onState));
}
