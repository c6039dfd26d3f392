/** Electron IPC names of the contract's channels: one prefix, so nothing else on ipcMain can collide. */
export const IPC_PREFIX = 'desk:';
export const ipcName = (channel: string): string => `${IPC_PREFIX}${channel}`;
