import { accessSync, constants, lstatSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const FS_REASONS: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    ENOTDIR: 'a part of the path is not a folder',
    ENOENT: 'no such file or folder',
    EISDIR: 'it is a folder',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on the device',
    ELOOP: 'too many levels of symbolic links',
    ENAMETOOLONG: 'name too long'
};

/** Why a file system call failed, in words, with the errno code for searching. */
export function fsReason(error: unknown): string {
    const code = (error as NodeJS.ErrnoException).code;
    return code && FS_REASONS[code] ? `${FS_REASONS[code]} (${code})` : error instanceof Error ? error.message : String(error);
}

/**
 * Whether `path` can be written as a new file; says why not on stderr. Checked before the command does its work,
 * so that a mistyped --output costs nothing.
 */
export function checkOutputFile(command: string, path: string): boolean {
    const problem = outputProblem(path);
    if (problem) {
        console.error(`netz ${command}: ${problem}`);
    }
    return problem === undefined;
}

function outputProblem(path: string): string | undefined {
    if (path === '') {
        return '--output needs a file name';
    }
    let existing;
    try {
        // lstat: a dangling symbolic link exists too, and writing would follow it.
        existing = lstatSync(path, { throwIfNoEntry: false });
    } catch (error) {
        // ENOTDIR: the folder below says which part is a file.
        if ((error as NodeJS.ErrnoException).code !== 'ENOTDIR') {
            return `cannot write ${path}: ${fsReason(error)}`;
        }
    }
    if (existing?.isDirectory()) {
        return `${path} is a folder; name a file to write`;
    }
    if (existing) {
        return existsMessage(path);
    }
    const folder = dirname(resolve(path));
    let stat;
    try {
        stat = statSync(folder, { throwIfNoEntry: false });
    } catch (error) {
        return `cannot write ${path}: ${folder}: ${fsReason(error)}`;
    }
    if (!stat) {
        return `cannot write ${path}: there is no folder ${folder}`;
    }
    if (!stat.isDirectory()) {
        return `cannot write ${path}: ${folder} is not a folder`;
    }
    try {
        accessSync(folder, constants.W_OK);
    } catch (error) {
        return `cannot write ${path}: no permission to create files in ${folder} (${(error as NodeJS.ErrnoException).code})`;
    }
    return undefined;
}

/**
 * Writes `text` to the new file `path` (never replacing one, even if it appeared since the check); says why not on
 * stderr.
 */
export function writeOutputFile(command: string, path: string, text: string, mode?: number): boolean {
    try {
        writeFileSync(path, text, { flag: 'wx', mode });
        return true;
    } catch (error) {
        const exists = (error as NodeJS.ErrnoException).code === 'EEXIST';
        console.error(`netz ${command}: ${exists ? existsMessage(path) : `cannot write ${path}: ${fsReason(error)}`}`);
        return false;
    }
}

function existsMessage(path: string): string {
    return `${path} exists; netz never overwrites a file it was not asked to (remove it or choose another name)`;
}
