import type { ParseArgsConfig } from 'node:util';
import { parseArgs } from 'node:util';

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
