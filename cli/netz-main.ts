import { parseArgs } from 'node:util';
import { checkCommand } from './check-command.js';
import { exportCommand } from './export-command.js';
import { importCommand } from './import-command.js';
import { traceCommand } from './trace-command.js';
import { verifyCommand } from './verify-command.js';

const USAGE = `netz: container networking you can trace

usage:
  netz check FILE... [--format text|json] [--backend nft|legacy]
  netz trace FILE PROBE [--json] | netz trace FILE --from NS --to ADDR [--tcp P|--udp P|--icmp] [--src IP]
  netz import RULES [--netns NAME] [--embed] [--output FILE]
  netz export FILE [--prefix P] [--teardown] [--output FILE]
  netz verify FILE [PROBE...]        (root: builds the topology in namespaces and compares with the kernel)

Run 'netz COMMAND --help' for a command's options.`;

type Command = (args: string[]) => Promise<number>;

const COMMANDS: Record<string, Command> = {
    check: checkCommand,
    import: importCommand,
    trace: traceCommand,
    export: exportCommand,
    verify: verifyCommand
};

async function main(argv: string[]): Promise<number> {
    const { positionals } = parseArgs({ args: argv.slice(0, 1), allowPositionals: true, strict: false });
    const name = positionals[0];
    if (!name || name === '--help' || name === '-h' || name === 'help') {
        console.log(USAGE);
        return name ? 0 : 2;
    }
    const command = COMMANDS[name];
    if (!command) {
        console.error(`netz: unknown command '${name}'\n\n${USAGE}`);
        return 2;
    }
    return command(argv.slice(1));
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
