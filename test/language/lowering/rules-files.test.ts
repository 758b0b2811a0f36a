import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadNetzText } from '../../../language/netz-loader.js';
import { copyRuleset, parseRulesFile, readRulesFile } from '../../../language/lowering/rules-files.js';

describe('rules files', () => {
    it('copies a ruleset so that parsing more into the copy leaves the original as it was', () => {
        const original = parseRulesFile('/rules.v4', '*filter\n-A INPUT -j ACCEPT\n-A INPUT -j DROP\nCOMMIT\n', 'nft').ruleset;
        const copy = copyRuleset(original);
        const input = () => copy.tables.get('filter')!.chains.get('INPUT')!;
        input().rules.splice(0, 1);
        input().rules[0].position = 1;
        const kept = original.tables.get('filter')!.chains.get('INPUT')!.rules;
        assert.deepEqual(kept.map(r => `${r.position} ${r.target?.name}`), ['1 ACCEPT', '2 DROP']);
    });

    it('reads a file as written, whether it is plain ASCII or holds UTF-8 comments', () => {
        const dir = mkdtempSync(join(tmpdir(), 'netz-rules-'));
        try {
            for (const comment of ['plain', 'caf\u00e9 \u7db2\u8def']) {
                const path = join(dir, 'rules.v4');
                writeFileSync(path, `*filter\n-A INPUT -m comment --comment "${comment}" -j ACCEPT\nCOMMIT\n`);
                const rule = readRulesFile(path, 'nft').ruleset.tables.get('filter')!.chains.get('INPUT')!.rules[0];
                assert.equal(rule.text, `-m comment --comment "${comment}" -j ACCEPT`);
            }
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });

    it('appends a block written after `iptables from` to a copy, never to the shared parse of the file', async () => {
        const { model, diagnostics } = await loadNetzText(`netns n {
  nic eth0 { address 192.0.2.1/24 }
  iptables from "rules/lab.v4"
  iptables {
    -A INPUT -p tcp --dport 80 -j ACCEPT
  }
}
`, 'examples/appended.netz');
        assert.deepEqual(diagnostics.filter(d => d.severity === 'error'), []);
        const input = model.namespaces[0].ruleset.tables.get('filter')!.chains.get('INPUT')!;
        assert.equal(input.policy, 'DROP', 'the file declares INPUT DROP');
        assert.equal(input.rules.at(-1)!.text, '-p tcp --dport 80 -j ACCEPT');
        assert.equal(input.rules.length, 5);
    });
});
