import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
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
    if (!/^[A-Za-z_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?$/.test(netns)) {
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

/** A namespace name from the file name: `kube-node.v4` → `kube-node`. */
function namespaceNameFor(path: string): string {
    const stem = basename(path).replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^[^A-Za-z_]+|[-]+$/g, '');
    return stem || 'imported';
}

export function importedNetz(rulesPath: string, netns: string, embed: boolean, outputFolder: string): string {
    const header = `# Imported by 'netz import' from ${basename(rulesPath)}.\n# Add the namespace's interfaces, routes and sysctls so that analysis and probes know its topology.\n`;
    if (!embed) {
        const path = relative(outputFolder, resolve(rulesPath)).split('\\').join('/');
        return `${header}netns ${netns} {\n  iptables from ${JSON.stringify(path)}\n}\n`;
    }
    const body = readFileSync(rulesPath, 'utf8').replace(/\r\n/g, '\n').replace(/\n$/, '');
    return `${header}netns ${netns} {\n  iptables {\n${body}\n  }\n}\n`;
}
