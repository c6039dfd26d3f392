/**
 * `npm start`: the desk in Electron's window when Electron's binary is here, otherwise (said in
 * one line) the browser host. --host-mode picks one explicitly.
 */
import { spawn } from 'node:child_process';
import { PROJECT_ROOT, serveDesk } from './browser-host/serve';
import { findElectronBinary } from './electron-binary';
import { parseHostArgs } from './host-args';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const args = parseHostArgs(argv);
  const electron = args.hostMode === 'browser' ? null : findElectronBinary();
  if (electron) {
    const child = spawn(electron, [PROJECT_ROOT, ...argv], { stdio: 'inherit' });
    child.on('exit', (code) => process.exit(code ?? 0));
    return;
  }
  if (args.hostMode === 'electron') {
    throw new Error("Electron's binary is not installed (npx install-electron fetches it where the network allows)");
  }
  if (args.hostMode === undefined) {
    console.log("desk: Electron's binary is not installed here, so the desk runs in the browser host instead (open the URL below)");
  }
  await serveDesk(args);
}

main().catch((error: unknown) => {
  console.error(`desk: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
