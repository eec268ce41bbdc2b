import { fileURLToPath } from 'node:url';

/** The repository root: where `package-lock.json`, `tsconfig.json` and `functions/` live. */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
