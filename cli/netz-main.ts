import { isCommandName } from './command-names.js';
import type { CommandName } from './command-names.js';

const USAGE = `netz: container networking you can trace

usage:
  netz check FILE... [--format text|json] [--backend nft|legacy]
  netz trace FILE PROBE [--json] | netz trace FILE --from NS --to ADDR [--tcp P|--udp P|--icmp] [--src IP]
  netz import RULES [--netns NAME] [--embed] [--output FILE]
  netz export FILE [--prefix P] [--teardown] [--output FILE]
  netz verify FILE [PROBE...]        (root: builds the topology in namespaces and compares with the kernel)

Run 'netz COMMAND --help' for a command's options.`;

type Command = (args: string[]) => Promise<number>;

// Loaded on demand: a run evaluates only its own command's modules (usage and `import` load no Langium at all).
const COMMANDS: Record<CommandName, () => Promise<Command>> = {
    check: async () => (await import('./check-command.js')).checkCommand,
    import: async () => (await import('./import-command.js')).importCommand,
    trace: async () => (await import('./trace-command.js')).traceCommand,
    export: async () => (await import('./export-command.js')).exportCommand,
    verify: async () => (await import('./verify-command.js')).verifyCommand
};

async function main(argv: string[]): Promise<number> {
    const name = argv[0];
    if (!name || name === '--help' || name === '-h' || name === 'help') {
        console.log(USAGE);
        return name ? 0 : 2;
    }
    if (!isCommandName(name)) {
        console.error(`netz: unknown command '${name}'\n\n${USAGE}`);
        return 2;
    }
    return (await COMMANDS[name]())(argv.slice(1));
}

main(process.argv.slice(2)).then(code => {
    process.exitCode = code;
}, (error: unknown) => {
    // A bug of ours, not bad input: say so plainly, without a stack trace unless asked for.
    console.error(`netz: internal error: ${error instanceof Error ? error.message : String(error)}`);
    if (process.env.NETZ_DEBUG && error instanceof Error) {
        console.error(error.stack);
    }
    process.exitCode = 70;
});
