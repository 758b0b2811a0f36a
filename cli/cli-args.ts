import { accessSync, constants, statSync } from 'node:fs';
import { extname } from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import { parseArgs } from 'node:util';
import { fsReason } from './output-file.js';

/** parseArgs that turns bad usage into a message and exit status 2 instead of an exception. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(command: string, usage: string, args: string[], options: T):
    { values: Record<string, string | boolean | undefined>; positionals: string[] } | number {
    if (args.includes('--help') || args.includes('-h')) {
        console.log(usage);
        return 0;
    }
    try {
        const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true });
        return { values: values as Record<string, string | boolean | undefined>, positionals };
    } catch (error) {
        console.error(`netz ${command}: ${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
        return 2;
    }
}

export function backendOption(value: string | boolean | undefined, command: string): 'nft' | 'legacy' | undefined {
    if (value === undefined) {
        return 'nft';
    }
    if (value === 'nft' || value === 'legacy') {
        return value;
    }
    console.error(`netz ${command}: --backend takes nft or legacy, not '${String(value)}'`);
    return undefined;
}

/** The kinds of input file a command reads: `.netz`, or an iptables-save ruleset (any other name). */
export type InputKind = 'netz' | 'rules';

export function inputKind(file: string): InputKind {
    return extname(file) === '.netz' ? 'netz' : 'rules';
}

/**
 * Whether `file` is a readable file of a kind the command takes; says why not on stderr. Commands that need a
 * topology take `.netz` only, and an iptables-save dump is pointed to `netz import`.
 */
export function checkInputFile(command: string, file: string, kinds: readonly InputKind[]): boolean {
    let stat;
    try {
        stat = statSync(file, { throwIfNoEntry: false });
    } catch (error) {
        // ENOTDIR (a file used as a folder), EACCES...
        console.error(`netz ${command}: ${file}: cannot read it: ${fsReason(error)}`);
        return false;
    }
    if (!stat) {
        console.error(`netz ${command}: ${file}: no such file`);
        return false;
    }
    if (extname(file) !== '.netz' && extname(file).toLowerCase() === '.netz') {
        console.error(`netz ${command}: ${file}: netz files end in .netz, in lower case; rename it`);
        return false;
    }
    if (!stat.isFile()) {
        console.error(`netz ${command}: ${file}: ${stat.isDirectory() ? 'a folder, not a file' : 'not a file'}`);
        return false;
    }
    if (!kinds.includes(inputKind(file))) {
        console.error(kinds.includes('netz')
            ? `netz ${command}: ${file}: not a .netz file. For an iptables-save dump, 'netz import ${file}' writes a .netz file that uses it; 'netz check ${file}' checks the ruleset on its own.`
            : `netz ${command}: ${file}: a .netz file already; name an iptables-save dump`);
        return false;
    }
    try {
        accessSync(file, constants.R_OK);
    } catch (error) {
        console.error(`netz ${command}: ${file}: cannot read it: ${fsReason(error)}`);
        return false;
    }
    return true;
}
