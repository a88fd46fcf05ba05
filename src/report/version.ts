declare const __PATHCREDIT_VERSION__: string | undefined;

/** The pathcredit version (set at build time; `0.0.0-dev` when run from source). */
export const PATHCREDIT_VERSION: string = typeof __PATHCREDIT_VERSION__ === 'string' ? __PATHCREDIT_VERSION__ : '0.0.0-dev';
