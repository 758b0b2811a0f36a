import { existsSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { importedNetz, NAMESPACE_NAME, namespaceNameFor } from '../language/netz-import.js';
import { parseCommandArgs } from './cli-args.js';

const USAGE = `usage: netz import RULES [--netns NAME] [--embed] [--output FILE]

Turns an iptables-save file (with or without -c counters) into a .netz file holding one namespace
whose ruleset is that file: referenced with 'iptables from' (the default), or pasted verbatim with --embed.
Writes to --output (refuses to overwrite an existing file) or to standard output. Then run 'netz check'.`;

export async function importCommand(args: string[]): Promise<number> {
    const parsed = parseCommandArgs('import', USAGE, args, {
        netns: { type: 'string' },
        embed: { type: 'boolean', default: false },
        output: { type: 'string', short: 'o' }
    });
    if (typeof parsed === 'number') {
        return parsed;
    }
    const [rules] = parsed.positionals;
    if (!rules || parsed.positionals.length > 1) {
        console.error(`netz import: name exactly one iptables-save file\n\n${USAGE}`);
        return 2;
    }
    if (!existsSync(rules)) {
        console.error(`netz import: ${rules}: no such file`);
        return 2;
    }
    const netns = typeof parsed.values.netns === 'string' ? parsed.values.netns : namespaceNameFor(rules);
    if (!NAMESPACE_NAME.test(netns)) {
        console.error(`netz import: '${netns}' is not a namespace name (letters, digits, _ and -, starting with a letter or _, no '.')`);
        return 2;
    }
    const output = typeof parsed.values.output === 'string' ? parsed.values.output : undefined;
    if (output && existsSync(output)) {
        console.error(`netz import: ${output} exists; netz never overwrites a file it was not asked to (remove it or choose another name)`);
        return 2;
    }
    const text = importedNetz(rules, netns, parsed.values.embed === true, output ? dirname(resolve(output)) : process.cwd());
    if (output) {
        writeFileSync(output, text);
        console.error(`netz import: wrote ${output}; run 'netz check ${output}'`);
    } else {
        process.stdout.write(text);
    }
    return 0;
}
