declare const KEDRO_LENS_VERSION: string | undefined;

/** The extension's version, from package.json at build time ('dev' when run from source, as unit tests do). */
export const VERSION = typeof KEDRO_LENS_VERSION === 'string' ? KEDRO_LENS_VERSION : 'dev';
