import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The project's shared design folder and corpus live beside the checkout (`../shared`), both here and in CI.
 * Tests read them in place rather than copying them into the project.
 */
export function sharedPath(relative: string): string {
    const path = fileURLToPath(new URL(`../../shared/${relative}`, import.meta.url));
    if (!existsSync(path)) {
        throw new Error(`missing ${path}: the tests read ../shared (design docs and corpus) beside the checkout`);
    }
    return path;
}
