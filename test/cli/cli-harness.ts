import { checkCommand } from '../../cli/check-command.js';
import { exportCommand } from '../../cli/export-command.js';
import { importCommand } from '../../cli/import-command.js';
import { traceCommand } from '../../cli/trace-command.js';
import { verifyCommand } from '../../cli/verify-command.js';

/** What one command printed and returned. */
export interface CliRun {
    code: number;
    stdout: string;
    stderr: string;
}

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
    check: checkCommand,
    export: exportCommand,
    import: importCommand,
    trace: traceCommand,
    verify: verifyCommand
};

/** Runs `netz COMMAND ARGS...` in this process, capturing what the command prints and writes to standard output. */
export async function runCli(command: string, args: string[]): Promise<CliRun> {
    let stdout = '';
    let stderr = '';
    const log = console.log;
    const error = console.error;
    const write = process.stdout.write;
    console.log = (...parts: unknown[]) => { stdout += `${parts.join(' ')}\n`; };
    console.error = (...parts: unknown[]) => { stderr += `${parts.join(' ')}\n`; };
    process.stdout.write = ((chunk: string | Uint8Array) => {
        stdout += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
        return true;
    }) as typeof process.stdout.write;
    try {
        const code = await COMMANDS[command](args);
        return { code, stdout, stderr };
    } finally {
        console.log = log;
        console.error = error;
        process.stdout.write = write;
    }
}
