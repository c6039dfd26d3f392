import { serveDesk } from '../../browser-host/serve';
import { HOST_FLAGS_HELP, parseHostArgs } from '../../host-args';
import type { Command } from '../command';

export const serve: Command = {
  name: 'serve',
  summary: 'serve the desk to a browser on loopback (prints the URL with its token)',
  usage: HOST_FLAGS_HELP,
  async run(argv) {
    await serveDesk(parseHostArgs(argv));
    return await new Promise<number>(() => {}); // runs until SIGINT or SIGTERM
  },
};
