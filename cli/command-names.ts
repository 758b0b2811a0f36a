/** The subcommands of `netz`; the launcher keys its code cache by them without loading the commands. */
export const COMMAND_NAMES = ['check', 'import', 'trace', 'export', 'verify'] as const;

export type CommandName = (typeof COMMAND_NAMES)[number];

export function isCommandName(name: string | undefined): name is CommandName {
    return (COMMAND_NAMES as readonly (string | undefined)[]).includes(name);
}
