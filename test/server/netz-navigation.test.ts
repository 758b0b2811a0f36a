import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectFindReferences, expectGoToDefinition } from 'langium/test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { LangiumDocument } from 'langium';
import type { Range, WorkspaceEdit } from 'vscode-languageserver';
import type { ResponseError } from 'vscode-languageserver';
import { LSPErrorCodes } from 'vscode-languageserver';
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

    it('refuses to rename a built-in chain, saying why', async () => {
        const document = await openDocument(TEXT);
        const params = { textDocument: { uri: document.uri.toString() }, position: positionOf(document, '-A INPUT', 4) };
        const refusal = { code: LSPErrorCodes.RequestFailed, message: 'INPUT is a built-in chain of table filter: its name is fixed.' };
        await assert.rejects(async () => services.lsp.RenameProvider!.prepareRename(document, params), refusal);
        await assert.rejects(async () => services.lsp.RenameProvider!.rename(document, { ...params, newName: 'X' }), refusal);
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
        const text = 'host h {\n  nic eth0\n  iptables {\n    *nat\n    -A POSTROUTING ! -o eth0 -j MASQUERADE\n    -A PREROUTING -i + -j ACCEPT\n    COMMIT\n  }\n}\nwire h.eth0 -- g.eth0\nhost g { nic eth0 }\n';
        const document = await openDocument(text);
        const edit = await services.lsp.RenameProvider!.rename(document, { textDocument: { uri: document.uri.toString() }, position: positionOf(document, 'nic eth0', 5), newName: 'wan0' });
        assert.equal(applied(document, edit), text.replace('nic eth0', 'nic wan0').replace('! -o eth0', '! -o wan0').replace('h.eth0', 'h.wan0'));
    });

    it('finds no reference in a wildcard, which names no interface of its own', async () => {
        const document = await openDocument('host h {\n  nic eth0\n  iptables {\n    -A INPUT -i eth0 -j ACCEPT\n    -A INPUT -i eth0+ -j DROP\n  }\n}\n');
        const references = await services.lsp.ReferencesProvider!.findReferences(document, { textDocument: { uri: document.uri.toString() }, position: positionOf(document, 'nic eth0', 5), context: { includeDeclaration: true } });
        assert.deepEqual(references.map(l => l.range.start.line + 1), [2, 4]);
    });

    it('goes from NS.IF to the interface', async () => {
        await expectGoToDefinition(services)({ text: 'host h { veth v1 peer c.<|>v0 }\nnetns c { veth <|v0|> }', index: 0, rangeIndex: 0 });
    });

    it('finds the references of a namespace', async () => {
        await expectFindReferences(services)({ text: 'host <|h|> { nic eth0 }\nprobe p from <|h|> to <|h|> expect delivered', includeDeclaration: true });
    });
});

/**
 * One name, marked where it is written: `«declaration»` and `‹use›`. From each mark, definition (the declaration, else
 * the first use: a built-in chain's first `-A` line), references and rename must find exactly these ranges.
 */
const SITES: { title: string; text: string; renamable?: false }[] = [
    {
        title: 'an interface: NS.IF, sysctl keys and exact -i/-o/--physdev-* arguments of its namespace, not wildcards',
        text: `host fw {
  sysctl net.ipv4.conf.‹eth0›.proxy_arp = 1
  nic «eth0»
  vlan eth0.100 { parent ‹eth0› id 100 }
  route default via 198.51.100.1 dev ‹eth0›
  iptables {
    -A INPUT -i ‹eth0› -j ACCEPT
    -A FORWARD -m physdev --physdev-in v1 -o ‹eth0› -j ACCEPT
    -A FORWARD -i + -j DROP
    -A FORWARD -i eth0.100 -j DROP
  }
  veth v1 peer c.v0
  netns c { veth v0 sysctl net.ipv4.conf.eth0.rp_filter = 1 }
}
netns other { nic eth0 }
wire fw.‹eth0› -- other.eth0
probe q from fw src 198.51.100.9 to other iif ‹eth0› expect dropped
`
    },
    {
        title: 'an interface from --physdev-in',
        text: 'host fw {\n  veth «v1» peer c.v0\n  iptables {\n    -A FORWARD -m physdev --physdev-in ‹v1› -j ACCEPT\n  }\n}\nnetns c { veth v0 }\n'
    },
    {
        title: 'the interface part of NS.IF',
        text: 'host fw {\n  veth v1 peer c.‹v0›\n}\nnetns c { veth «v0» }\n'
    },
    {
        title: 'the namespace part of NS.IF',
        text: 'host fw {\n  veth v1 peer ‹c›.v0\n}\nnetns «c» { veth v0 }\n'
    },
    {
        title: 'a namespace: its references and the NS part of NS.IF, resolved or not',
        text: 'host «fw» { nic eth0 veth v1 }\nnetns other { nic eth0 veth v0 peer ‹fw›.v1 }\nwire ‹fw›.eth0 -- other.eth0\nwire ‹fw›.eth9 -- other.eth9\nprobe p from other to ‹fw› expect dropped at ‹fw› filter INPUT\n'
    },
    {
        title: 'a user chain, in its table and in probes',
        text: `host fw {
  iptables {
    *filter
    :«web» - [0:0]
    -A INPUT -j ‹web›
    -A ‹web› -j DROP
    COMMIT
    *nat
    :web - [0:0]
    COMMIT
  }
}
probe p from fw to 192.0.2.1 expect dropped at fw filter ‹web›
`
    },
    {
        title: 'a built-in chain whose header is omitted, from its rules and a probe',
        text: 'host fw {\n  iptables {\n    -A ‹INPUT› -j DROP\n    -A ‹INPUT› -j ACCEPT\n  }\n}\nprobe p from fw to 192.0.2.1 expect dropped at fw filter ‹INPUT›\n',
        renamable: false
    }
];

/** The text without marks, and the marked ranges, the declaration first. */
function marked(text: string): { text: string; sites: Range[]; declared: boolean } {
    const lines = text.split('\n').map(line => {
        const sites: { declaration: boolean; start: number; end: number }[] = [];
        let plain = '';
        for (const part of line.split(/([«‹][^»›]*[»›])/)) {
            if (/^[«‹]/.test(part)) sites.push({ declaration: part.startsWith('«'), start: plain.length, end: plain.length + part.length - 2 });
            plain += part.replace(/^[«‹]|[»›]$/g, '');
        }
        return { plain, sites };
    });
    const ranges = lines.flatMap(({ sites }, line) => sites.map(s => ({ declaration: s.declaration, range: { start: { line, character: s.start }, end: { line, character: s.end } } })));
    const sites = [...ranges.filter(r => r.declaration), ...ranges.filter(r => !r.declaration)];
    return { text: lines.map(l => l.plain).join('\n'), sites: sites.map(r => r.range), declared: sites[0].declaration };
}

const key = (r: Range) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;

describe('definition, references and rename agree', () => {
    for (const { title, text, renamable } of SITES) {
        it(title, async () => {
            const { text: plain, sites, declared } = marked(text);
            const document = await openDocument(plain);
            const uri = document.uri.toString();
            const expected = sites.map(key).sort();
            for (const site of sites) {
                // At the start and at the end of each written name.
                for (const position of [site.start, site.end]) {
                    const at = `${key(site)} @${position.character}`;
                    const references = await services.lsp.ReferencesProvider!.findReferences(document, { textDocument: { uri }, position, context: { includeDeclaration: true } });
                    assert.deepEqual(references.map(l => key(l.range)).sort(), expected, at);
                    const uses = await services.lsp.ReferencesProvider!.findReferences(document, { textDocument: { uri }, position, context: { includeDeclaration: false } });
                    assert.equal(uses.length, expected.length - (declared ? 1 : 0), at);
                    const links = await services.lsp.DefinitionProvider!.getDefinition(document, { textDocument: { uri }, position });
                    assert.deepEqual(links?.map(l => [key(l.targetSelectionRange), key(l.originSelectionRange!)]), [[key(sites[0]), key(site)]], at);
                    if (renamable !== false) {
                        assert.deepEqual(await services.lsp.RenameProvider!.prepareRename(document, { textDocument: { uri }, position }), site, at);
                        const edit = await services.lsp.RenameProvider!.rename(document, { textDocument: { uri }, position, newName: 'n2' });
                        assert.deepEqual(edit?.changes?.[uri]?.map(e => key(e.range)).sort(), expected, at);
                    }
                }
            }
        });
    }
});

const REFUSALS: { title: string; needle: string; delta: number; newName: string; message: RegExp }[] = [
    { title: 'a name with a space', needle: 'host fw', delta: 5, newName: 'bad name', message: /'bad name' is not a name/ },
    { title: 'a namespace name with a dot', needle: 'host fw', delta: 5, newName: 'a.b', message: /cannot contain '\.'/ },
    { title: 'a namespace that exists', needle: 'netns c', delta: 6, newName: 'fw', message: /namespace named 'fw' already exists/ },
    { title: 'an interface of the namespace', needle: 'nic eth0', delta: 4, newName: 'v1', message: /'fw' already has an interface named 'v1'/ },
    { title: 'lo', needle: 'nic eth0', delta: 4, newName: 'lo', message: /already has an interface named 'lo'/ },
    { title: 'an NS.IF spelling', needle: 'veth v0', delta: 5, newName: 'c.x', message: /would read as interface x of namespace c/ },
    { title: 'an interface name longer than Linux allows', needle: 'nic eth0', delta: 4, newName: 'a-very-long-name', message: /at most 15/ },
    { title: 'a built-in chain name', needle: ':ALLOW', delta: 1, newName: 'INPUT', message: /INPUT is the name of a built-in chain/ },
    { title: 'a target name', needle: ':ALLOW', delta: 1, newName: 'ACCEPT', message: /ACCEPT is the name of a target/ },
    { title: 'a chain of the table', needle: ':ALLOW', delta: 1, newName: 'DENY', message: /already has a chain named 'DENY'/ },
    { title: 'a probe that exists', needle: 'probe p', delta: 6, newName: 'q', message: /probe named 'q' already exists/ },
    { title: 'a chain name iptables reads as an option', needle: ':ALLOW', delta: 1, newName: '-x', message: /not a chain name/ },
    { title: 'a name a wildcard rule would stop matching', needle: 'nic eth0', delta: 4, newName: 'wan0', message: /matches 'et\+', which takes 'eth0' but not 'wan0'/ },
    { title: 'a name a wildcard rule would start matching', needle: 'veth v1', delta: 5, newName: 'et1', message: /matches 'et\+', which takes 'et1' but not 'v1'/ }
];

describe('rename refuses', () => {
    const text = 'host fw {\n  nic eth0\n  veth v1 peer c.v0\n  iptables {\n    :ALLOW - [0:0]\n    :DENY - [0:0]\n    -A INPUT -j ALLOW\n    -A INPUT -i et+ -j ALLOW\n  }\n}\nnetns c { veth v0 }\nprobe p from c to fw expect delivered\nprobe q from fw to c expect delivered\n';
    for (const { title, needle, delta, newName, message } of REFUSALS) {
        it(title, async () => {
            const document = await openDocument(text);
            const params = { textDocument: { uri: document.uri.toString() }, position: positionOf(document, needle, delta), newName };
            await assert.rejects(async () => services.lsp.RenameProvider!.rename(document, params), (error: ResponseError) => error.code === LSPErrorCodes.RequestFailed && message.test(error.message));
        });
    }
});

describe('rename in a rules file', () => {
    it('refuses to edit a rules file another namespace loads too', async () => {
        const folder = mkdtempSync(join(tmpdir(), 'netz-rename-'));
        try {
            writeFileSync(join(folder, 'shared.rules'), '*filter\n:WEB - [0:0]\n-A INPUT -i eth0 -j WEB\nCOMMIT\n');
            const document = await openDocument('netns a {\n  nic eth0\n  iptables from "shared.rules"\n}\nnetns b {\n  nic eth0\n  iptables from "shared.rules"\n}\n', join(folder, 'two.netz'));
            const params = { textDocument: { uri: document.uri.toString() }, position: positionOf(document, 'nic eth0', 4), newName: 'wan0' };
            await assert.rejects(async () => services.lsp.RenameProvider!.rename(document, params),
                (error: ResponseError) => /is written in shared\.rules, which namespace 'b' loads too/.test(error.message));
        } finally {
            rmSync(folder, { recursive: true, force: true });
        }
    });
});
