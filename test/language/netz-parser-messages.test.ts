import assert from 'node:assert/strict';
import { loadNetzText } from '../../language/netz-loader.js';

/** Syntax errors as a user meets them while typing: the text, then every syntax error's line and message. */
const CASES: { name: string; text: string; errors: string[] }[] = [
    {
        name: 'a reference cut short asks for a name, not for the 55 keywords a name may be',
        text: 'netns a { nic eth0 macvlan m { parent',
        errors: ['1 Expecting a name but found the end of the file.'],
    },
    {
        name: 'an iptables block without its closing brace is named as such',
        text: 'netns a {\n  nic eth0\n  iptables {\n    -A INPUT -j DROP\n',
        errors: [
            // One per line, though `-A` and `-j` both start with a character no token starts with.
            "4 Unexpected '-': no word of the .netz language starts with it: iptables-save lines go inside an iptables { ... } block.",
            "3 This iptables { block has no closing '}' (braces inside quotes or # comments do not count): add one after its last line.",
        ],
    },
    {
        name: 'a word that starts no statement of the block',
        text: 'netns a {\n  nic eth0\n  netns b { }\n}\n',
        errors: [
            "3 Expecting '}' to close the block, but found 'netns', which does not start a statement that can appear here.",
            "4 Expecting host, netns, wire or probe at the top level of the file, but found '}'.",
        ],
    },
    {
        name: 'a keyword or a value where another is due is quoted as written',
        text: 'netns a { nic eth0 { mtu } }\nprobe p from a to 192.0.2.1 tcp dport 80 expect',
        errors: ["1 Expecting a number but found '}'.", '2 Expecting delivered, established, dropped, rejected, refused or unreachable but found the end of the file.'],
    },
    {
        name: 'a character no token starts with',
        text: 'netns a { nic eth0 @ }',
        errors: ["1 Unexpected '@': no word of the .netz language starts with it."],
    },
];

describe('syntax error messages', () => {
    for (const { name, text, errors } of CASES) {
        it(name, async () => {
            const { diagnostics } = await loadNetzText(text, '/netz-test/syntax.netz');
            const syntax = diagnostics.filter((d) => d.code === 'syntax-error').map((d) => `${d.source.line} ${d.message}`);
            assert.deepEqual(syntax, errors);
        });
    }
});
