import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction } from 'vscode-languageserver';
import { parseHelper } from 'langium/test';
import { NetzCodeActionProvider } from '../../server/netz-code-actions.js';
import { services } from './server-fixture.js';

const TEXT = `netns fw {
  nic eth0 { address 192.0.2.1/24 }
  iptables {
    *filter
    -A INPUT -p tcp -j DROP
    -A INPUT -p tcp --dport 22 -j ACCEPT
    -A INPUT -p udp -j ACCEPT
    -A INPUT -p udp --dport 53 -j ACCEPT
    COMMIT
  }
}
`;

let counter = 0;

async function actionsFor(code: string): Promise<{ actions: CodeAction[]; apply: (action: CodeAction) => string }> {
    const document = await parseHelper(services)(TEXT, { documentUri: `file:///netz-test/actions-${++counter}.netz`, validation: true });
    const diagnostics = (document.diagnostics ?? []).filter(d => d.code === code);
    assert.equal(diagnostics.length, 1, `one ${code} finding: ${JSON.stringify(document.diagnostics?.map(d => d.code))}`);
    const actions = await new NetzCodeActionProvider().getCodeActions(document, {
        textDocument: { uri: document.uri.toString() }, range: diagnostics[0].range, context: { diagnostics }
    }) as CodeAction[];
    const apply = (action: CodeAction) => TextDocument.applyEdits(TextDocument.create('x', 'netz', 1, TEXT), Object.values(action.edit!.changes!)[0]);
    return { actions, apply };
}

/** Layouts that put a rule on a line with other text: a fix edits the rule's own text and leaves the rest. */
const LAYOUTS: { name: string; text: string; code: string; titles: string[]; fixed: string[] }[] = [
    {
        name: 'a shadowed rule sharing its line with the closing brace',
        text: 'netns fw {\n  nic eth0\n  iptables {\n    *filter\n    -A INPUT -p tcp -j DROP\n    -A INPUT -p tcp --dport 22 -j ACCEPT }\n}\n',
        code: 'rule-shadowed',
        titles: ['Delete this rule: -A INPUT -p tcp --dport 22 -j ACCEPT', 'Move this rule above the rule that shadows it'],
        fixed: [
            'netns fw {\n  nic eth0\n  iptables {\n    *filter\n    -A INPUT -p tcp -j DROP\n    }\n}\n',
            'netns fw {\n  nic eth0\n  iptables {\n    *filter\n    -A INPUT -p tcp --dport 22 -j ACCEPT\n    -A INPUT -p tcp -j DROP\n    }\n}\n',
        ],
    },
    {
        name: 'a redundant rule sharing its line with the block that holds it',
        text: 'netns fw { nic eth0 iptables { -A INPUT -p udp -j ACCEPT\n  }\n}\n',
        code: 'rule-redundant',
        titles: ['Delete this rule: -A INPUT -p udp -j ACCEPT'],
        fixed: ['netns fw { nic eth0 iptables {\n  }\n}\n'],
    },
    {
        name: 'a rule shadowed by one that shares its line with the block',
        text: 'netns fw { nic eth0 iptables { -A INPUT -p tcp -j DROP\n    -A INPUT -p tcp --dport 22 -j ACCEPT\n  }\n}\n',
        code: 'rule-shadowed',
        titles: ['Delete this rule: -A INPUT -p tcp --dport 22 -j ACCEPT', 'Move this rule above the rule that shadows it'],
        fixed: [
            'netns fw { nic eth0 iptables { -A INPUT -p tcp -j DROP\n  }\n}\n',
            'netns fw { nic eth0 iptables { -A INPUT -p tcp --dport 22 -j ACCEPT\n-A INPUT -p tcp -j DROP\n  }\n}\n',
        ],
    },
    {
        name: 'no move when the shadowing rule is inserted with -I (file order is not chain order)',
        text: 'netns fw {\n  nic eth0\n  iptables {\n    *filter\n    -I INPUT -p tcp -j DROP\n    -A INPUT -p tcp --dport 22 -j ACCEPT\n  }\n}\n',
        code: 'rule-shadowed',
        titles: ['Delete this rule: -A INPUT -p tcp --dport 22 -j ACCEPT'],
        fixed: ['netns fw {\n  nic eth0\n  iptables {\n    *filter\n    -I INPUT -p tcp -j DROP\n  }\n}\n'],
    },
];

describe('quick fixes for rule findings', () => {
    for (const layout of LAYOUTS) {
        it(`edits only the rule: ${layout.name}`, async () => {
            const document = await parseHelper(services)(layout.text, { documentUri: `file:///netz-test/actions-${++counter}.netz`, validation: true });
            const diagnostics = (document.diagnostics ?? []).filter(d => d.code === layout.code);
            assert.equal(diagnostics.length, 1, JSON.stringify(document.diagnostics?.map(d => d.message)));
            const actions = await new NetzCodeActionProvider().getCodeActions(document, {
                textDocument: { uri: document.uri.toString() }, range: diagnostics[0].range, context: { diagnostics }
            }) as CodeAction[];
            assert.deepEqual(actions.map(a => a.title), layout.titles);
            const results = actions.map(a => TextDocument.applyEdits(TextDocument.create('x', 'netz', 1, layout.text), Object.values(a.edit!.changes!)[0]));
            assert.deepEqual(results, layout.fixed);
            for (const result of results) {
                const fixed = await parseHelper(services)(result, { documentUri: `file:///netz-test/actions-${++counter}.netz`, validation: true });
                const left = (fixed.diagnostics ?? []).filter(d => d.severity === 1 || d.code === layout.code).map(d => String(d.message));
                assert.deepEqual(left, [], `after the fix:\n${result}`);
            }
        });
    }

    it('deletes a shadowed rule, or moves it above the rule that shadows it', async () => {
        const { actions, apply } = await actionsFor('rule-shadowed');
        assert.deepEqual(actions.map(a => a.title), ['Delete this rule: -A INPUT -p tcp --dport 22 -j ACCEPT', 'Move this rule above the rule that shadows it']);
        assert.ok(!apply(actions[0]).includes('--dport 22'));
        const moved = apply(actions[1]).split('\n');
        assert.deepEqual(moved.slice(4, 6).map(line => line.trim()), ['-A INPUT -p tcp --dport 22 -j ACCEPT', '-A INPUT -p tcp -j DROP']);
    });

    it('deletes a redundant rule, as the preferred fix', async () => {
        const { actions, apply } = await actionsFor('rule-redundant');
        assert.equal(actions.length, 1);
        assert.equal(actions[0].isPreferred, true);
        assert.ok(!apply(actions[0]).includes('--dport 53'));
        assert.ok(apply(actions[0]).includes('-A INPUT -p udp -j ACCEPT'));
    });
});
