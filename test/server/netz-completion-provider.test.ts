import assert from 'node:assert/strict';
import { expectCompletion } from 'langium/test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { services } from './server-fixture.js';

/** A firewall host whose filter table declares a user chain; `LINE` is replaced by the line being typed. */
const FIREWALL = `host fw {
  nic eth0 { address 198.51.100.2/24 }
  bridge br0
  veth v1 peer c.v0 { master br0 }
  iptables {
    *filter
    :ALLOW - [0:0]
    -A INPUT -j ALLOW
LINE
    COMMIT
  }
}
netns c { veth v0 }
`;

const inBlock = (line: string) => FIREWALL.replace('LINE', line);

/** [what is typed, labels that must be offered, labels that must not]. */
const CASES: [string, string, string[], string[]][] = [
    ['line start', inBlock('    <|>'), ['*nat', '*filter', '-A', 'COMMIT'], ['ACCEPT']],
    ['chain after -A', inBlock('    -A <|>'), ['INPUT', 'FORWARD', 'OUTPUT', 'ALLOW'], ['PREROUTING', 'POSTROUTING']],
    ['filter INPUT targets', inBlock('    -A INPUT -j <|>'), ['ACCEPT', 'DROP', 'REJECT', 'LOG', 'ALLOW'], ['MASQUERADE', 'DNAT', 'SNAT']],
    ['chain after counters and -A', inBlock('    [0:0] -A <|>'), ['INPUT', 'ALLOW'], ['-j']],
    ['goto: user chains only', inBlock('    -A FORWARD -g <|>'), ['ALLOW'], ['ACCEPT', 'DROP']],
    ['nat POSTROUTING targets', inBlock('    COMMIT\n    *nat\n    -A POSTROUTING -j <|>'), ['MASQUERADE', 'SNAT', 'ACCEPT'], ['DNAT', 'REDIRECT', 'REJECT', 'ALLOW']],
    ['nat PREROUTING targets', inBlock('    COMMIT\n    *nat\n    -A PREROUTING -j <|>'), ['DNAT', 'REDIRECT'], ['MASQUERADE', 'SNAT']],
    ['a nat chain nobody jumps to yet takes every nat target', inBlock('    COMMIT\n    *nat\n    :MINE - [0:0]\n    -A MINE -j <|>'), ['DNAT', 'SNAT', 'MASQUERADE', 'REDIRECT'], ['REJECT']],
    ['a nat chain takes the targets of the hooks that reach it', inBlock('    COMMIT\n    *nat\n    :MINE - [0:0]\n    -A PREROUTING -j MINE\n    -A MINE -j <|>'), ['DNAT', 'REDIRECT'], ['SNAT', 'MASQUERADE']],
    ['modules after -m', inBlock('    -A INPUT -m <|>'), ['conntrack', 'multiport', 'tcp', 'comment'], ['basic']],
    ['implicit tcp options after -p tcp', inBlock('    -A INPUT -p tcp <|>'), ['--dport', '--sport', '--syn', '-s', '-j'], ['--ctstate', '--icmp-type']],
    ['only what starts with the word typed', inBlock('    -A INPUT -p tcp --d<|>'), ['--dport'], ['--sport', '-s', '-j']],
    ['options of the loaded module', inBlock('    -A INPUT -m conntrack <|>'), ['--ctstate', '--ctorigdst', '-m'], ['--dport']],
    ['ctstate values', inBlock('    -A INPUT -m conntrack --ctstate <|>'), ['NEW', 'ESTABLISHED', 'RELATED', 'INVALID'], ['--dport']],
    ['reject-with values', inBlock('    -A INPUT -j REJECT --reject-with <|>'), ['tcp-reset', 'icmp-port-unreachable'], []],
    ['REJECT options', inBlock('    -A INPUT -j REJECT <|>'), ['--reject-with'], ['--to-source']],
    ['table names', inBlock('    *<|>'), ['*raw', '*mangle', '*nat', '*filter', '*security'], ['-A']],
    ['a built-in chain header takes a policy', inBlock('    :INPUT <|>'), ['ACCEPT', 'DROP'], ['-', '-j', 'REJECT']],
    ['a user chain header has none', inBlock('    :Y <|>'), ['-'], ['ACCEPT', '-j']],
    ['counters after the header\'s policy', inBlock('    :Y - <|>'), ['[0:0]'], ['-j']],
    ['built-in chains after -P', inBlock('    -P <|>'), ['INPUT', 'FORWARD', 'OUTPUT'], ['ALLOW']],
    ['policies after -P CHAIN', inBlock('    -P INPUT <|>'), ['ACCEPT', 'DROP'], ['-j', 'REJECT']],
    ['nothing after a chain-only command', inBlock('    -N NEW <|>'), [], ['-j']],
    ['nothing in a comment', inBlock('    # comment -j <|>'), [], ['ACCEPT']],
    ['not the chain the half-typed line makes up', inBlock('    -A IN<|>'), ['INPUT'], ['IN']],
    ['nothing after a target without options', inBlock('    -A INPUT -j ACCEPT <|>'), [], ['-j', '-g']],
    ['only the target\'s options after it', inBlock('    -A INPUT -p tcp -j LOG <|>'), ['--log-prefix', '--log-level'], ['-j', '-g', '-m', '-s', '--dport']],
    ['nothing after a goto', inBlock('    -A INPUT -g ALLOW <|>'), [], ['-j']],
    ['the namespace\'s interfaces after -i', inBlock('    -A INPUT -i <|>'), ['eth0', 'br0', 'v1'], ['v0', 'c.v0', '-j']],
    ['the namespace\'s interfaces after ! -o', inBlock('    -A FORWARD ! -o <|>'), ['eth0', 'br0', 'v1'], ['v0', '-j']],
    ['the rest of a comma list', inBlock('    -A INPUT -m conntrack --ctstate NEW,<|>'), ['ESTABLISHED', 'RELATED', 'INVALID'], ['NEW', 'NEW,ESTABLISHED']],
    ['long options after --', inBlock('    -A INPUT --<|>'), ['--source', '--destination', '--in-interface', '--protocol', '--match', '--jump', '--goto'], ['-s', '-j', '--ctstate']],
    ['long options of the loaded modules', inBlock('    -A INPUT -m conntrack --<|>'), ['--ctstate', '--source'], ['-s', '--dport']],
    ['sysctl keys', 'host h {\n  nic eth0\n  sysctl <|>\n}', ['net.ipv4.ip_forward', 'net.bridge.bridge-nf-call-iptables', 'net.ipv4.conf.eth0.rp_filter'], ['host', 'nic']],
    ['probe outcomes', 'host h { nic eth0 }\nprobe p from h to 192.0.2.1 expect <|>', ['delivered', 'established', 'dropped', 'rejected', 'refused', 'unreachable'], ['host']],
    ['tables after at NS', 'host h { nic eth0 }\nprobe p from h to 192.0.2.1 expect dropped at h <|>', ['raw', 'mangle', 'nat', 'filter', 'security', 'probe'], ['nic', 'address']],
    ['built-in chains after the table', 'host h { nic eth0 }\nprobe p from h to 192.0.2.1 expect dropped at h nat <|>', ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'], ['FORWARD', 'host']],
    ['macvlan modes', 'host h { nic eth0 macvlan m { parent eth0 mode <|> } }', ['bridge', 'private', 'vepa', 'passthru'], ['host']],
    ['bridges for master', 'host h { bridge br0 nic eth1 veth v1 { master <|> } }', ['br0'], ['eth1', 'v1']],
    ['NS.IF references', 'host h { nic eth0 }\nnetns n { macvlan m { parent <|> } }', ['h.eth0'], []],
    ['statements in a namespace', 'host h { <|> }', ['netns', 'nic', 'bridge', 'veth', 'vxlan', 'route', 'sysctl', 'iptables'], ['host', 'probe']],
    ['top-level statements', '<|>', ['host', 'netns', 'wire', 'probe'], ['nic']],
    ['nothing for a new name', 'host h { nic <|> }', [], ['host', 'nic']]
];

/** [what is typed, the label accepted, the line it leaves]. */
const ACCEPTED: [string, string, string, string][] = [
    ['mid-word, the whole word is replaced', '    -A INPUT -m conn<|>track', 'conntrack', '    -A INPUT -m conntrack'],
    ['in a comma list, only its item', '    -A INPUT -m conntrack --ctstate NEW,EST<|>AB,RELATED', 'ESTABLISHED', '    -A INPUT -m conntrack --ctstate NEW,ESTABLISHED,RELATED'],
    ['a chain name', '    -A IN<|>PUT -j ACCEPT', 'INPUT', '    -A INPUT -j ACCEPT']
];

describe('completion', () => {
    it('sends at most 1000 chains at once and asks to be asked again', async () => {
        const chains = Array.from({ length: 1500 }, (_, i) => `    :KUBE-SVC-${i} - [0:0]`).join('\n');
        await expectCompletion(services)({
            text: inBlock(`${chains}\n    -A INPUT -j <|>`), index: 0, assert: list => {
                assert.equal(list.items.length, 1000);
                assert.equal(list.isIncomplete, true);
            }
        });
        await expectCompletion(services)({
            text: inBlock(`${chains}\n    -A INPUT -j KUBE-SVC-149<|>`), index: 0, assert: list => {
                assert.deepEqual(list.items.map(i => i.label).sort(), ['KUBE-SVC-149', 'KUBE-SVC-1490', 'KUBE-SVC-1491', 'KUBE-SVC-1492', 'KUBE-SVC-1493',
                    'KUBE-SVC-1494', 'KUBE-SVC-1495', 'KUBE-SVC-1496', 'KUBE-SVC-1497', 'KUBE-SVC-1498', 'KUBE-SVC-1499']);
                assert.equal(list.isIncomplete, false);
            }
        });
    });

    for (const [name, line, label, result] of ACCEPTED) {
        it(name, async () => {
            const text = inBlock(line);
            await expectCompletion(services)({
                text, index: 0, assert: list => {
                    const item = list.items.find(i => i.label === label);
                    assert.ok(item?.textEdit && 'range' in item.textEdit, `${label} not offered`);
                    const typed = TextDocument.create('file:///typed.netz', 'netz', 0, text.replace('<|>', ''));
                    assert.equal(TextDocument.applyEdits(typed, [item.textEdit]), inBlock(result));
                }
            });
        });
    }

    for (const [name, text, offered, absent] of CASES) {
        it(name, async () => {
            await expectCompletion(services)({
                text, index: 0, assert: list => {
                    const labels = list.items.map(item => item.label);
                    for (const label of offered) assert.ok(labels.includes(label), `${label} missing from ${labels.join(' ')}`);
                    for (const label of absent) assert.ok(!labels.includes(label), `${label} offered: ${labels.join(' ')}`);
                    if (offered.length === 0) assert.deepEqual(labels, []);
                }
            });
        });
    }
});
