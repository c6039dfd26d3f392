/** The desk's version, shown in the status bar and written into exports. */
import pkg from '../../package.json';

export const APP_VERSION: string = pkg.version;
