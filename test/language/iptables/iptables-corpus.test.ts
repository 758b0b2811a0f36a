import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { emptyRuleset, parseIptablesSave } from '../../../language/iptables/iptables-save-parser.js';
import { validateRuleset } from '../../../language/iptables/iptables-validator.js';
import type { Backend } from '../../../language/iptables/iptables-registry.js';
import { corpusDirectory } from './iptables-conformance.js';

/**
 * Every real-world dump of shared/corpus/iptables-save loads with no error, except what SOURCES.md documents: the ufw
 * before/after templates jump to chains that ufw-init creates, and exactly those jumps are reported.
 */
const EXPECTED_ERRORS: Record<string, string[]> = {
    'ufw-0.37-before.rules.txt': ['30 ipt-unknown-chain ufw-logging-deny', '63 ipt-unknown-chain ufw-logging-deny'],
    'ufw-0.37-after.rules.txt': [19, 20, 21, 22, 23, 24, 27].map((line) => `${line} ipt-unknown-chain ufw-skip-to-policy-input`)
};

/** Rule counts SOURCES.md gives for each file ("Loads: N rules"). */
const RULE_COUNTS: Record<string, number> = {
    'docker-new-daemon.txt': 12, 'docker-usernet-portmap.txt': 20, 'docker-usernet-internal.txt': 18,
    'docker-usernet-portmap-noicc.txt': 20, 'docker-usernet-portmap-routed.txt': 18, 'docker-swarm-portmap.txt': 27,
    'kube-proxy-iptables-overall.txt': 65, 'netfilter-tests-fedora27-firewalld.txt': 73,
    'netfilter-tests-firewalld-restore-completed.txt': 74, 'netfilter-tests-wireless.txt': 58, 'netfilter-tests-ipt-save-filter.txt': 55,
    'netfilter-tests-ipt-restore.txt': 5, 'netfilter-tests-policy-drop.txt': 1, 'ufw-0.37-user.rules-limit.txt': 62
};

describe('iptables-save corpus', () => {
    const directory = corpusDirectory('iptables-save');
    for (const file of readdirSync(directory).sort()) {
        for (const backend of ['nft', 'legacy'] as Backend[]) {
            it(`${file} loads with exactly the documented errors (${backend})`, () => {
                const ruleset = emptyRuleset();
                const diagnostics = parseIptablesSave(readFileSync(join(directory, file), 'utf8'), ruleset, { file, backend });
                diagnostics.push(...validateRuleset(ruleset, { backend }));
                const problems = diagnostics
                    .filter((d) => d.severity === 'error' || d.severity === 'warning')
                    .map((d) => `${d.source.line} ${d.code} ${/'([^']+)'/.exec(d.message)?.[1] ?? d.message}`);
                assert.deepEqual(problems, EXPECTED_ERRORS[file] ?? []);
                const rules = [...ruleset.tables.values()].flatMap((t) => [...t.chains.values()]).reduce((n, c) => n + c.rules.length, 0);
                if (RULE_COUNTS[file] !== undefined) {
                    assert.equal(rules, RULE_COUNTS[file]);
                }
            });
        }
    }

    it('keeps every option it does not model, with an info diagnostic naming it', () => {
        const file = 'kube-proxy-iptables-overall.txt';
        const ruleset = emptyRuleset();
        const diagnostics = parseIptablesSave(readFileSync(join(directory, file), 'utf8'), ruleset, { file });
        const rules = [...ruleset.tables.values()].flatMap((t) => [...t.chains.values()]).flatMap((c) => c.rules);
        const unmodelled = rules.flatMap((r) => r.unmodelled);
        assert.equal(unmodelled.length, diagnostics.filter((d) => d.code === 'ipt-unmodelled-option').length);
        assert.ok(unmodelled.length > 0);
        assert.ok(unmodelled.every((u) => u.module === 'nfacct' && u.role === 'match' && u.text.startsWith('-m nfacct --')));
        // Session affinity's `-m recent` is typed: nothing of it is left unmodelled.
        assert.ok(rules.some((r) => r.matches.some((m) => m.module === 'recent')));
    });
});
