import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { importedNetz, importRefusal, NAMESPACE_NAME, namespaceNameFor } from '../language/netz-import.js';
import { checkInputFile, parseCommandArgs } from './cli-args.js';
import { checkOutputFile, writeOutputFile } from './output-file.js';

const USAGE = `usage: netz import RULES [--netns NAME] [--embed] [--output FILE]

Turns an iptables-save file (with or without -c counters) into a .netz file holding one namespace
whose ruleset is that file: referenced with 'iptables from' (the default), or pasted verbatim with --embed.
Writes to --output (refuses to overwrite an existing file) or to standard output. The 'iptables from' path
is relative to the --output file's folder, or absolute on standard output (which may go to any folder).
Refuses a file that is not an IPv4 iptables-save dump (binary, ip6tables-save). Then run 'netz check'.`;

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
    if (!checkInputFile('import', rules, ['rules'])) {
        return 2;
    }
    const netns = typeof parsed.values.netns === 'string' ? parsed.values.netns : namespaceNameFor(rules);
    if (!NAMESPACE_NAME.test(netns)) {
        console.error(`netz import: '${netns}' is not a namespace name (letters, digits, _ and -, starting with a letter or _, no '.')`);
        return 2;
    }
    const output = typeof parsed.values.output === 'string' ? parsed.values.output : undefined;
    if (output !== undefined && !checkOutputFile('import', output)) {
        return 2;
    }
    const bytes = readFileSync(rules);
    const refusal = importRefusal(rules, bytes);
    if (refusal) {
        console.error(`netz import: ${rules}:${refusal.line}: ${refusal.message}`);
        return 2;
    }
    const text = importedNetz(rules, netns, parsed.values.embed === true, output === undefined ? undefined : dirname(resolve(output)), bytes.toString('utf8'));
    if (output === undefined) {
        process.stdout.write(text);
        return 0;
    }
    if (!writeOutputFile('import', output, text)) {
        return 2;
    }
    console.error(`netz import: wrote ${output}; run 'netz check ${output}'`);
    return 0;
}
