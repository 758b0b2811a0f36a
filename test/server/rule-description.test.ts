import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Rule } from '../../model/model-api.js';
import { emptyRuleset, parseIptablesSave } from '../../language/iptables/iptables-save-parser.js';
import { describeRule } from '../../server/rule-description.js';

interface Case {
    rules: string;
    en: string;
    zh: string;
}

/** cases/rule-descriptions.txt: blank-line separated cases of `*table`, a rule line, `en:` and `zh-tw:` sentences. */
function cases(): Case[] {
    const text = readFileSync(new URL('./cases/rule-descriptions.txt', import.meta.url), 'utf8');
    return text.split(/\n\s*\n/).filter(block => !block.startsWith('#')).map(block => {
        const lines = block.trim().split('\n');
        const said = (prefix: string) => lines.find(l => l.startsWith(prefix))!.slice(prefix.length);
        return { rules: `${lines[0]}\n${lines[1]}\nCOMMIT\n`, en: said('en: '), zh: said('zh-tw: ') };
    });
}

function onlyRule(rules: string): Rule {
    const ruleset = emptyRuleset();
    const diagnostics = parseIptablesSave(rules, ruleset, { file: 'case.rules' });
    assert.deepEqual(diagnostics.filter(d => d.severity === 'error'), []);
    const all = [...ruleset.tables.values()].flatMap(t => [...t.chains.values()]).flatMap(c => c.rules);
    assert.equal(all.length, 1);
    return all[0];
}

describe('rule description', () => {
    it('tells a rule iptables refuses as refused, not as what it would do', () => {
        const ruleset = emptyRuleset();
        parseIptablesSave('*filter\n-A INPUT -p tcp --dprot 22 -j DROP\nCOMMIT\n', ruleset, { file: 'case.rules' });
        const rule = ruleset.tables.get('filter')!.chains.get('INPUT')!.rules[0];
        assert.match(describeRule(rule, 'en'), /^iptables refuses this rule/);
        assert.match(describeRule(rule, 'zh-tw'), /^iptables 會拒絕這條規則/);
    });

    for (const { rules, en, zh } of cases()) {
        it(rules.split('\n')[1], () => {
            const rule = onlyRule(rules);
            assert.equal(describeRule(rule, 'en'), en);
            assert.equal(describeRule(rule, 'zh-tw'), zh);
        });
    }
});
