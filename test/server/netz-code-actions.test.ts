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

describe('quick fixes for rule findings', () => {
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
