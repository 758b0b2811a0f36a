import type { LangiumDocument } from 'langium';
import type { TableName } from '../model/model-api.js';
import type { DocLocale } from '../language/docs/docs-lookup.js';
import { docFor } from '../language/docs/docs-lookup.js';
import { templatesFor } from '../language/docs/docs-templates.js';
import { builtinHook, TARGETS } from '../language/iptables/iptables-registry.js';
import type { LinePosition, Word } from './iptables-text.js';
import { CHAIN_FLAGS, INTERFACE_FLAGS, MATCH_FLAGS, resolveOption, ruleContext, TARGET_FLAGS, tableAt, wordAt, wordsOf } from './iptables-text.js';
import { chainFacts, interfaceFacts } from './model-facts.js';
import type { ModelIndex } from './model-index.js';
import { hooksOfChain } from './model-index.js';
import { describeRule } from './rule-description.js';

/**
 * The hover of a line of iptables-save text, in an `iptables { }` block of a `.netz` file or in a rules document:
 * the catalogue entry of the word under the cursor (table, chain, module, target, option), else the rule told in
 * words with where it runs and what the analysis found on it. `ns` is the namespace the text belongs to in `index`.
 */
export function iptablesHover(document: LangiumDocument, at: LinePosition, ns: string, index: ModelIndex, locale: DocLocale): string | undefined {
    const words = wordsOf(at.text);
    const word = wordAt(words, at.character);
    const indexed = index.lines.get(document.uri.fsPath);
    const entry = indexed?.get(at.line + 1);
    if (word >= 0) {
        const table = tableAt(document, at, indexed);
        const docs = wordHover(words, word, table, ns, index, locale);
        if (docs !== undefined) {
            return docs;
        }
    }
    if (entry?.kind !== 'rule') {
        return undefined;
    }
    const rule = entry.rule;
    const t = templatesFor(locale).rule;
    const sections = [describeRule(rule, locale)];
    const hooks = hooksOfChain(index, ns, rule.table, rule.chain);
    sections.push(hooks.length > 0 ? t.placement(rule.table, rule.chain, hooks) : t.unreached(rule.table, rule.chain));
    if (rule.unmodelled.length > 0) {
        sections.push(t.unmodelled(rule.unmodelled.map(u => u.text)));
    }
    const found = index.diagnostics.get(rule.source.file)?.get(rule.source.line) ?? [];
    sections.push(found.length > 0
        ? `**${t.analysis}**\n\n${found.map(d => `- ${d.severity} \`${d.code}\`: ${d.message}`).join('\n')}`
        : t.nothingFound);
    return sections.join('\n\n');
}

/** The catalogue entry (or chain facts) for the word under the cursor, when it names something documented. */
function wordHover(words: readonly Word[], at: number, table: TableName, ns: string, index: ModelIndex, locale: DocLocale): string | undefined {
    const word = words[at].text;
    const previous = at > 0 ? words[at - 1].text : undefined;
    if (at === 0 && word.startsWith('*')) {
        return docFor(`table:${word.slice(1)}`, locale);
    }
    if (at === 0 && word.startsWith(':')) {
        return chainHover(word.slice(1), table, ns, index, locale);
    }
    if (previous !== undefined && MATCH_FLAGS.has(previous)) {
        return docFor(`match:${word}`, locale);
    }
    if (previous !== undefined && TARGET_FLAGS.has(previous) && TARGETS.has(word)) {
        return docFor(`target:${word}`, locale);
    }
    if (previous !== undefined && CHAIN_FLAGS.has(previous)) {
        return chainHover(word, table, ns, index, locale);
    }
    const iface = previous !== undefined && INTERFACE_FLAGS.has(previous) ? index.interfaces.get(`${ns}/${word}`) : undefined;
    if (iface) {
        return interfaceFacts(iface, index, locale);
    }
    if (word.startsWith('-') && !CHAIN_FLAGS.has(word)) {
        const resolved = resolveOption(ruleContext(words, at), word);
        return resolved && docFor(`option:${resolved.key}:${resolved.option.name}`, locale);
    }
    return undefined;
}

function chainHover(chain: string, table: TableName, ns: string, index: ModelIndex, locale: DocLocale): string | undefined {
    return builtinHook(table, chain) ? docFor(`chain:${table}:${chain}`, locale) : chainFacts(index, ns, table, chain, locale);
}
