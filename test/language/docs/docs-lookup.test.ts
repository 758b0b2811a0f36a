import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OUTCOMES } from '../../../model/model-api.js';
import { HOOKS, MATCHES, TABLES, TARGETS } from '../../../language/iptables/iptables-registry.js';
import { KNOWN_SYSCTLS } from '../../../language/lowering/sysctl-lowering.js';
import { CATALOGUE_EN } from '../../../language/docs/docs-catalogue-en.js';
import { CATALOGUE_ZH_TW } from '../../../language/docs/docs-catalogue-zh-tw.js';
import type { DocLocale } from '../../../language/docs/docs-lookup.js';
import { DOC_KEYS, docFor, localeFromDisplayLanguage } from '../../../language/docs/docs-lookup.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const LOCALES: DocLocale[] = ['en', 'zh-tw'];
const CJK = /[\u4e00-\u9fff]/;

/** The keywords of the Langium grammar: every alternative of its `Name` rule except the ID terminal. */
function grammarKeywords(): string[] {
    const grammar = readFileSync(join(root, 'language', 'netz.langium'), 'utf8');
    const rule = /Name returns string:([\s\S]*?);/.exec(grammar);
    assert.ok(rule, 'netz.langium has a Name rule');
    return [...rule[1].matchAll(/'([^']+)'/g)].map(m => m[1]);
}

/** Every key the rest of the project will ask for, derived from its own sources of truth. */
function requiredKeys(): string[] {
    const keys = grammarKeywords().map(k => `keyword:${k}`);
    keys.push('keyword:private', 'keyword:vepa', 'keyword:passthru');
    keys.push(...OUTCOMES.map(o => `outcome:${o}`));
    for (const table of TABLES.values()) {
        keys.push(`table:${table.name}`, ...table.chains.map(c => `chain:${table.name}:${c}`));
    }
    for (const match of MATCHES.values()) {
        keys.push(`match:${match.name}`, ...match.options.map(o => `option:${match.name}:${o.name}`));
    }
    for (const target of TARGETS.values()) {
        keys.push(`target:${target.name}`, ...target.options.map(o => `option:${target.name}:${o.name}`));
    }
    return keys;
}

describe('documentation catalogue', () => {
    it('has exactly the same keys in English and Traditional Chinese', () => {
        assert.deepEqual(Object.keys(CATALOGUE_ZH_TW).sort(), Object.keys(CATALOGUE_EN).sort());
        assert.deepEqual([...DOC_KEYS].sort(), Object.keys(CATALOGUE_EN).sort());
    });

    it('has no empty entry, and each is written in its own language', () => {
        for (const key of DOC_KEYS) {
            assert.ok(CATALOGUE_EN[key].trim().length > 20, `en ${key}`);
            assert.ok(CATALOGUE_ZH_TW[key].trim().length > 10, `zh-tw ${key}`);
            assert.ok(!CJK.test(CATALOGUE_EN[key]), `en ${key} has Chinese text`);
            assert.ok(CJK.test(CATALOGUE_ZH_TW[key]), `zh-tw ${key} has no Chinese text`);
        }
    });

    it('documents every keyword, outcome, table, chain, match, target and option the project knows, in both languages', () => {
        const missing = LOCALES.flatMap(locale => requiredKeys().filter(key => docFor(key, locale) === undefined).map(key => `${locale} ${key}`));
        assert.deepEqual(missing, []);
    });

    it('documents every known sysctl, per-interface ones through their IF form', () => {
        for (const locale of LOCALES) {
            for (const sysctl of KNOWN_SYSCTLS) {
                const key = `sysctl:${sysctl.replace('.IF.', '.eth0.')}`;
                assert.ok(docFor(key, locale), `${locale} ${key}`);
            }
        }
        assert.equal(docFor('sysctl:net.ipv4.conf.veth0.rp_filter', 'en'), docFor('sysctl:net.ipv4.conf.*.rp_filter', 'en'));
        assert.equal(docFor('sysctl:net.ipv4.conf.all.rp_filter', 'en')?.includes('maximum'), true, 'all has its own entry');
    });

    it('answers undefined for what it does not document', () => {
        assert.equal(docFor('keyword:nosuchthing', 'en'), undefined);
        assert.equal(docFor('target:NOSUCH', 'zh-tw'), undefined);
        assert.equal(docFor('sysctl:net.ipv4.conf.eth0.nosuch', 'en'), undefined);
        assert.equal(docFor('toString', 'en'), undefined);
    });

    it('uses Taiwan terms in Chinese, not mainland ones', () => {
        const mainland = ['網絡', '数据', '數據包', '端口', '接口', '默認', '信息', '內核', '服務器', '交換機', '協議', '進程', '隊列', '地址', '鏈路', '软件', '軟件'];
        for (const key of DOC_KEYS) {
            for (const word of mainland) assert.ok(!CATALOGUE_ZH_TW[key].includes(word), `${key} uses ${word}`);
        }
    });

    // Facts the brief asks each locale to teach: [key, fragments every locale's text must contain].
    const facts: [string, string[]][] = [
        ['keyword:vxlan', ['8472', '4789', '50', '1450']],
        ['keyword:dstport', ['8472', '4789']],
        ['keyword:macvlan', ['shim', 'vepa', 'bridge']],
        ['keyword:mode', ['private', 'vepa', 'bridge', 'passthru', 'hairpin']],
        ['keyword:tun', ['tap']],
        ['keyword:vlan', ['4094', 'VXLAN']],
        ['sysctl:net.ipv4.ip_forward', ['0', '1']],
        ['sysctl:net.ipv4.conf.all.rp_filter', ['0', '1', '2']],
        ['sysctl:net.bridge.bridge-nf-call-iptables', ['physdev', 'FORWARD']],
        ['table:raw', ['raw → mangle → nat → filter → security', '-100', '100', '50', '150']],
        ['table:security', ['50', '150', 'filter (0) → **security** (50) → nat (100)', 'nat (100) → **security** (150)']],
        ['table:nat', ['raw (-300) → mangle (-150) → **nat** (-100)', 'mangle (-150) → **nat** (100)']],
        ['target:MASQUERADE', ['`nat`', '`POSTROUTING`']],
        ['target:REJECT', ['`filter`', '`INPUT`', '`FORWARD`', '`OUTPUT`']],
        ['target:TRACE', ['iptables-legacy', '`raw`']],
        ['option:DNAT:to-destination', ['`--to-destination`', '`PREROUTING`', '`OUTPUT`', 'DNAT']],
        ['option:basic:source', ['`-s`', '`--source`', '`!`']],
        ['option:addrtype:limit-iface-in', ['`PREROUTING`', '`INPUT`', '`FORWARD`']],
        ['target:RETURN', ['RETURN']],
        ['match:tcp', ['-p tcp']],
        ['chain:nat:POSTROUTING', ['[POSTROUTING]', ' INPUT ', 'mangle (-150) → nat (100)']],
        ['chain:filter:INPUT', ['[INPUT]', 'mangle (-150) → filter (0) → nat (100) → security (150)', 'mangle (-150) → filter (0) → security (50) → nat (100)']]
    ];
    for (const [key, fragments] of facts) {
        for (const locale of LOCALES) {
            it(`teaches ${key} in ${locale}`, () => {
                const text = docFor(key, locale) ?? '';
                for (const fragment of fragments) assert.ok(text.includes(fragment), `${key} (${locale}) mentions ${fragment}:\n${text}`);
            });
        }
    }

    it('marks exactly its own hook in the diagram of every built-in chain', () => {
        for (const table of TABLES.values()) {
            for (const chain of table.chains) {
                const text = docFor(`chain:${table.name}:${chain}`, 'en') ?? '';
                const marked = HOOKS.filter(h => text.includes(`[${h}]`));
                assert.deepEqual(marked, [chain], `${table.name} ${chain}`);
            }
        }
    });

    it('draws the INPUT branch and the OUTPUT join above the two junctions of the packet path', () => {
        for (const locale of LOCALES) {
            const text = docFor('chain:filter:FORWARD', locale) ?? '';
            const lines = text.slice(text.indexOf('```text\n') + 8, text.lastIndexOf('```')).split('\n');
            const path = lines.find(l => l.startsWith('in ->')) ?? '';
            const split = path.indexOf('+');
            const join = path.indexOf('+', split + 1);
            assert.ok(split > 0 && join > split, path);
            assert.equal(lines[1][split], '^');
            assert.equal(lines[1][join], '|');
            assert.equal(lines[3][split], '|');
            assert.equal(lines[3][join], 'v');
        }
    });

    const languages: [string | undefined, DocLocale][] = [
        ['zh-tw', 'zh-tw'], ['zh-TW', 'zh-tw'], ['zh_TW', 'zh-tw'], ['zh-hant', 'zh-tw'], ['zh-Hant-TW', 'zh-tw'],
        ['zh-cn', 'en'], ['zh', 'en'], ['en', 'en'], ['en-US', 'en'], ['ja', 'en'], ['', 'en'], [undefined, 'en']
    ];
    for (const [lang, locale] of languages) {
        it(`chooses ${locale} for display language ${String(lang)}`, () => {
            assert.equal(localeFromDisplayLanguage(lang), locale);
        });
    }
});
