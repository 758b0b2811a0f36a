import assert from 'node:assert/strict';
import { expectFindReferences, expectGoToDefinition } from 'langium/test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { LangiumDocument } from 'langium';
import type { WorkspaceEdit } from 'vscode-languageserver';
import { openDocument, positionOf, services } from './server-fixture.js';

const TEXT = `host fw {
  nic eth0 { address 198.51.100.2/24 }
  veth v1 peer c.v0
  iptables {
    *filter
    :ALLOW - [0:0]
    -A INPUT -j ALLOW
    -A FORWARD -g ALLOW
    -A ALLOW -s 198.51.100.0/24 -j ACCEPT
    COMMIT
    *nat
    :ALLOW - [0:0]
    -A PREROUTING -j ALLOW
    COMMIT
  }
}
netns c { veth v0 { address 10.0.1.2/24 } }
probe p from c to fw expect delivered at fw
`;

function applied(document: LangiumDocument, edit: WorkspaceEdit | undefined): string {
    const edits = edit?.changes?.[document.uri.toString()] ?? [];
    return TextDocument.applyEdits(document.textDocument as TextDocument, edits);
}

async function rename(needle: string, delta: number, newName: string, n = 0): Promise<{ document: LangiumDocument; result: string }> {
    const document = await openDocument(TEXT);
    const edit = await services.lsp.RenameProvider!.rename(document, { textDocument: { uri: document.uri.toString() }, position: positionOf(document, needle, delta, n), newName });
    return { document, result: applied(document, edit) };
}

describe('navigation', () => {
    it('renames a user chain on every :CHAIN, -A, -j and -g line of its table only', async () => {
        const { result } = await rename('-g ALLOW', 4, 'TRUSTED');
        assert.equal(result, TEXT.replace(':ALLOW', ':TRUSTED').replace('-j ALLOW', '-j TRUSTED').replace('-g ALLOW', '-g TRUSTED').replace('-A ALLOW', '-A TRUSTED'));
    });

    it('renames the nat chain of the same name separately', async () => {
        const { result } = await rename('-A PREROUTING -j ALLOW', 18, 'DNAT_IN');
        const nat = TEXT.indexOf('*nat');
        assert.equal(result, TEXT.slice(0, nat) + TEXT.slice(nat).replace(':ALLOW', ':DNAT_IN').replace('-j ALLOW', '-j DNAT_IN'));
    });

    it('refuses to rename a built-in chain', async () => {
        const document = await openDocument(TEXT);
        const params = { textDocument: { uri: document.uri.toString() }, position: positionOf(document, '-A INPUT', 4) };
        assert.equal(await services.lsp.RenameProvider!.prepareRename(document, params), undefined);
        assert.equal(await services.lsp.RenameProvider!.rename(document, { ...params, newName: 'X' }), undefined);
    });

    it('goes from a jump to the :CHAIN line', async () => {
        const document = await openDocument(TEXT);
        const links = await services.lsp.DefinitionProvider!.getDefinition(document, { textDocument: { uri: document.uri.toString() }, position: positionOf(document, '-j ALLOW', 4) });
        assert.deepEqual(links?.map(l => l.targetRange), [{ start: positionOf(document, ':ALLOW', 1), end: positionOf(document, ':ALLOW', 6) }]);
    });

    it('finds every mention of a chain in its table', async () => {
        const document = await openDocument(TEXT);
        const uri = document.uri.toString();
        const position = positionOf(document, '-A ALLOW', 4);
        const all = await services.lsp.ReferencesProvider!.findReferences(document, { textDocument: { uri }, position, context: { includeDeclaration: true } });
        assert.deepEqual(all.map(l => l.range.start.line).sort(), [5, 6, 7, 8]);
        const uses = await services.lsp.ReferencesProvider!.findReferences(document, { textDocument: { uri }, position, context: { includeDeclaration: false } });
        assert.deepEqual(uses.map(l => l.range.start.line).sort(), [6, 7, 8]);
    });

    it('renames a namespace in its references and in the NS part of NS.IF', async () => {
        const { result } = await rename('netns c', 6, 'client');
        assert.equal(result, TEXT.replace('peer c.v0', 'peer client.v0').replace('netns c ', 'netns client ').replace('from c ', 'from client '));
    });

    it('renames an interface in the IF part of NS.IF', async () => {
        const { result } = await rename('veth v0', 6, 'eth1');
        assert.equal(result, TEXT.replace('peer c.v0', 'peer c.eth1').replace('veth v0', 'veth eth1'));
    });

    it('renames an interface in the iptables rules of its namespace, not in wildcards', async () => {
        const text = 'host h {\n  nic eth0\n  iptables {\n    *nat\n    -A POSTROUTING ! -o eth0 -j MASQUERADE\n    -A PREROUTING -i eth0+ -j ACCEPT\n    COMMIT\n  }\n}\nwire h.eth0 -- g.eth0\nhost g { nic eth0 }\n';
        const document = await openDocument(text);
        const edit = await services.lsp.RenameProvider!.rename(document, { textDocument: { uri: document.uri.toString() }, position: positionOf(document, 'nic eth0', 5), newName: 'wan0' });
        assert.equal(applied(document, edit), text.replace('nic eth0', 'nic wan0').replace('! -o eth0', '! -o wan0').replace('h.eth0', 'h.wan0'));
    });

    it('goes from NS.IF to the interface', async () => {
        await expectGoToDefinition(services)({ text: 'host h { veth v1 peer c.<|>v0 }\nnetns c { veth <|v0|> }', index: 0, rangeIndex: 0 });
    });

    it('finds the references of a namespace', async () => {
        await expectFindReferences(services)({ text: 'host <|h|> { nic eth0 }\nprobe p from <|h|> to <|h|> expect delivered', includeDeclaration: true });
    });
});
