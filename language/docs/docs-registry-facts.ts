import type { TableName } from '../../model/model-api.js';
import type { ArgumentKind, Hook, MatchSpec, OptionSpec, TargetSpec } from '../iptables/iptables-registry.js';
import { HOOKS, MATCHES, TABLES, TARGETS, targetTables } from '../iptables/iptables-registry.js';
import type { DocLocale } from './docs-locale.js';

/**
 * Facts the registry already holds (spellings, argument kinds, valid tables and chains), rendered for a
 * hover in either language, so that the catalogue's prose never restates them and cannot drift from them.
 */

interface Words {
    /** Between a label and its value, and between list items. */
    colon: string;
    comma: string;
    kinds: Record<ArgumentKind, string>;
    spelled: string;
    argument: string;
    negatable: string;
    values: string;
    onlyHooks: string;
    needsProtocol: string;
    implicit: (protocol: string) => string;
    options: string;
    noOptions: string;
    tables: string;
    everyTable: string;
    hooks: string;
    everyHook: string;
    legacyNft: (legacy: string, nft: string) => string;
    terminating: string;
    continuing: string;
    optionOf: (target: string) => string;
    userChains: string;
    builtinChains: string;
}

const WORDS: Record<DocLocale, Words> = {
    en: {
        colon: ': ', comma: ', ',
        kinds: {
            flag: 'none (a flag)', cidr: 'address or CIDR (a.b.c.d, a.b.c.d/n, a.b.c.d/mask)', addressRange: 'address range (a.b.c.d-e.f.g.h)',
            interface: 'interface name (a trailing + matches every name with that prefix)', protocol: 'protocol name or number',
            ports: 'port or range (p, p:q), comma-separated for multiport', words: 'comma-separated words', markMask: 'value[/mask]',
            number: 'number', string: 'text', tcpFlags: 'MASK COMP (comma-separated flag lists)', icmpType: 'ICMP type name or type[/code]',
            natRange: 'address[-address][:port[-port]]'
        },
        spelled: 'Spelled', argument: 'Argument', negatable: 'May be negated with `!` before it.', values: 'Accepted values',
        onlyHooks: 'Only in chains reached from', needsProtocol: 'Needs `-p`', implicit: p => `Loaded implicitly by \`-p ${p}\`.`,
        options: 'Options', noOptions: 'No options.', tables: 'Valid in tables', everyTable: 'every table', hooks: 'Valid in chains reached from',
        everyHook: 'every hook', legacyNft: (legacy, nft) => `${legacy} with iptables-legacy; ${nft} with iptables-nft`,
        terminating: 'Terminating: the walk of this table at this hook ends here.', continuing: 'Not terminating: the next rule is tested.',
        optionOf: t => `An option of the \`${t}\` target; valid where \`${t}\` is.`,
        userChains: 'A user chain inherits the hooks of every chain that jumps to it.',
        builtinChains: 'Built-in chains'
    },
    'zh-tw': {
        colon: '：', comma: '、',
        kinds: {
            flag: '無（旗標）', cidr: '位址或 CIDR（a.b.c.d、a.b.c.d/n、a.b.c.d/遮罩）', addressRange: '位址範圍（a.b.c.d-e.f.g.h）',
            interface: '介面名稱（結尾的 + 比對所有以此為前綴的名稱）', protocol: '協定名稱或編號',
            ports: '連接埠或範圍（p、p:q），multiport 以逗號分隔', words: '以逗號分隔的字詞', markMask: '值[/遮罩]',
            number: '數字', string: '文字', tcpFlags: 'MASK COMP（以逗號分隔的旗標清單）', icmpType: 'ICMP 類型名稱或 type[/code]',
            natRange: '位址[-位址][:連接埠[-連接埠]]'
        },
        spelled: '寫法', argument: '參數', negatable: '可在前面加 `!` 取反。', values: '可用的值',
        onlyHooks: '只能用在由下列 Hook 抵達的鏈', needsProtocol: '需要 `-p`', implicit: p => `\`-p ${p}\` 會自動載入此模組。`,
        options: '選項', noOptions: '沒有選項。', tables: '可用的表', everyTable: '所有表', hooks: '可用於由下列 Hook 抵達的鏈',
        everyHook: '所有 Hook', legacyNft: (legacy, nft) => `iptables-legacy：${legacy}；iptables-nft：${nft}`,
        terminating: '終止型：此表在此 Hook 的走訪到此結束。', continuing: '非終止型：繼續比對下一條規則。',
        optionOf: t => `\`${t}\` 目標的選項；可用位置與 \`${t}\` 相同。`,
        userChains: '使用者自訂鏈會繼承所有跳到它的鏈的 Hook。',
        builtinChains: '內建鏈'
    }
};


function code(items: readonly string[], w: Words): string {
    return items.map(i => `\`${i}\``).join(w.comma);
}

function tableList(tables: readonly TableName[] | undefined, w: Words): string {
    return tables === undefined ? w.everyTable : code(tables, w);
}

function hookList(hooks: readonly Hook[] | undefined, w: Words): string {
    return hooks === undefined || hooks.length === HOOKS.length ? w.everyHook : code(hooks, w);
}

function optionFacts(option: OptionSpec, w: Words): string[] {
    const lines = [`${w.spelled}${w.colon}${code(option.spellings, w)}`, `${w.argument}${w.colon}${w.kinds[option.kind]}`];
    if (option.values) lines.push(`${w.values}${w.colon}${code(option.values, w)}`);
    if (option.negatable) lines.push(w.negatable);
    if (option.hooks) lines.push(`${w.onlyHooks}${w.colon}${code(option.hooks, w)}`);
    if (option.needsProtocol) lines.push(`${w.needsProtocol}${w.colon}${code(option.needsProtocol, w)}`);
    return lines;
}

function targetPlacement(target: TargetSpec, w: Words): string[] {
    const legacy = targetTables(target, 'legacy');
    const nft = targetTables(target, 'nft');
    const tables = legacy === nft ? tableList(legacy, w) : w.legacyNft(tableList(legacy, w), tableList(nft, w));
    const lines = [`${w.tables}${w.colon}${tables}`, `${w.hooks}${w.colon}${hookList(target.hooks, w)}`];
    if (target.needsProtocol) lines.push(`${w.needsProtocol}${w.colon}${code(target.needsProtocol, w)}`);
    return lines;
}

function matchFacts(match: MatchSpec, w: Words): string[] {
    const lines: string[] = [];
    if (match.implicitForProtocol) lines.push(w.implicit(match.implicitForProtocol));
    if (match.needsProtocol && !match.implicitForProtocol) lines.push(`${w.needsProtocol}${w.colon}${code(match.needsProtocol, w)}`);
    lines.push(optionList(match.options, w));
    return lines;
}

function optionList(options: readonly OptionSpec[], w: Words): string {
    return options.length > 0 ? `${w.options}${w.colon}${code(options.map(o => o.spellings[0]), w)}` : w.noOptions;
}

/** Whether the walk goes on after the target. RETURN is neither terminating nor continuing: it leaves the chain, as its prose says. */
function walkEffect(target: TargetSpec, w: Words): string[] {
    if (target.terminating) return [w.terminating];
    return target.name === 'RETURN' ? [] : [w.continuing];
}

function isUpperCaseName(name: string): boolean {
    return name === name.toUpperCase();
}

/**
 * The registry facts for a catalogue key, as Markdown lines (`- ...`), or undefined when the registry has
 * nothing on that key. Keys: `match:MODULE`, `option:MODULE:NAME`, `target:NAME`, `option:TARGET:NAME`,
 * `table:NAME`.
 */
export function registryFacts(key: string, locale: DocLocale): string | undefined {
    const w = WORDS[locale];
    const [kind, first, second] = key.split(':');
    let lines: string[] | undefined;
    if (kind === 'match' && first !== undefined) {
        const match = MATCHES.get(first);
        lines = match && matchFacts(match, w);
    } else if (kind === 'target' && first !== undefined) {
        const target = TARGETS.get(first);
        lines = target && [...targetPlacement(target, w), ...walkEffect(target, w), w.userChains, optionList(target.options, w)];
    } else if (kind === 'option' && first !== undefined && second !== undefined) {
        // Targets are upper-case (MARK), modules lower-case (mark): the case tells them apart.
        if (isUpperCaseName(first)) {
            const target = TARGETS.get(first);
            const option = target?.options.find(o => o.name === second);
            lines = target && option && [...optionFacts(option, w), w.optionOf(first), ...targetPlacement(target, w)];
        } else {
            const option = MATCHES.get(first)?.options.find(o => o.name === second);
            lines = option && optionFacts(option, w);
        }
    } else if (kind === 'table' && first !== undefined) {
        const table = TABLES.get(first as TableName);
        lines = table && [`${w.builtinChains}${w.colon}${code(table.chains, w)}`];
    }
    return lines && lines.map(l => `- ${l}`).join('\n');
}
