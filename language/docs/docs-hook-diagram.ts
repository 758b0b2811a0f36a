import type { Backend, Hook, TableName } from '../../model/model-api.js';
import { TABLE_CHAINS, tablesAtHook } from '../../model/model-api.js';
import type { DocLocale } from './docs-locale.js';

const LABELS: Record<DocLocale, { process: string; routing: string; order: string; tableOrder: string; colon: string; legend: string }> = {
    en: {
        process: 'local process',
        routing: 'routing decision',
        order: 'Tables at this hook, in the order they run (priority): ',
        tableOrder: 'Where this table runs among the others at each of its hooks (priority):',
        colon: ': ',
        legend: 'The packet path through the five netfilter hooks; this chain\'s hook is in [brackets].'
    },
    'zh-tw': {
        process: '本機行程',
        routing: '路由判斷',
        order: '此 Hook 上的表，依執行順序（優先級）：',
        tableOrder: '此表在其各個 Hook 上與其他表的執行順序（優先級）：',
        colon: '：',
        legend: '封包經過 netfilter 五個 Hook 的路徑；本鏈所在的 Hook 以 [方括號] 標示。'
    }
};

/** Terminal columns a label takes: CJK characters are two columns wide in a monospaced font. */
function displayWidth(text: string): number {
    let width = 0;
    for (const ch of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
    return width;
}

function centred(text: string, column: number): string {
    return ' '.repeat(Math.max(0, column - Math.floor(displayWidth(text) / 2))) + text;
}

/**
 * The five hooks as a small text diagram with `marked` in brackets:
 * ```
 *                   local process
 *                  ^            |
 *               [INPUT]      OUTPUT
 *                  |            v
 * in -> PREROUTING -+-> FORWARD -+-> POSTROUTING -> out
 *          (routing decision)
 * ```
 * Locally generated packets pass OUTPUT and join the path before POSTROUTING; forwarded ones pass FORWARD.
 */
export function hookDiagram(marked: Hook, locale: DocLocale): string {
    const label = (hook: Hook): string => (hook === marked ? `[${hook}]` : ` ${hook} `);
    const path = `in ->${label('PREROUTING')}-+->${label('FORWARD')}-+->${label('POSTROUTING')}-> out`;
    const split = path.indexOf('+');
    const join = path.indexOf('+', split + 1);
    const at = (columns: [number, string][]): string => {
        let line = '';
        for (const [column, text] of columns) line += ' '.repeat(Math.max(1, column - line.length)) + text;
        return line;
    };
    const input = label('INPUT');
    const output = label('OUTPUT');
    const lines = [
        centred(LABELS[locale].process, Math.floor((split + join) / 2)),
        at([[split, '^'], [join, '|']]),
        at([[split - Math.floor(input.length / 2), input], [join - Math.floor(output.length / 2), output]]),
        at([[split, '|'], [join, 'v']]),
        path,
        centred(`(${LABELS[locale].routing})`, split)
    ];
    return ['```text', ...lines.map(l => l.trimEnd()), '```', LABELS[locale].legend].join('\n');
}

/** The table order at one hook, with both backends when the security table moves. */
export function tableOrder(hook: Hook, locale: DocLocale): string {
    const render = (backend: Backend) => tablesAtHook(hook, backend).map(t => `${t.table} (${t.priority})`).join(' → ');
    const legacy = render('legacy');
    const nft = render('nft');
    const labels = LABELS[locale];
    return legacy === nft
        ? `${labels.order}${legacy}`
        : `${labels.order.trimEnd()}\n- iptables-nft${labels.colon}${nft}\n- iptables-legacy${labels.colon}${legacy}`;
}

/** For a table: the table order at each hook where it has a built-in chain, with the table in bold. */
export function tableOrderAtHooks(table: TableName, locale: DocLocale): string {
    const labels = LABELS[locale];
    const render = (hook: Hook, backend: Backend) => tablesAtHook(hook, backend)
        .map(t => (t.table === table ? `**${t.table}** (${t.priority})` : `${t.table} (${t.priority})`)).join(' → ');
    const lines = [labels.tableOrder];
    for (const hook of TABLE_CHAINS.get(table) ?? []) {
        const legacy = render(hook, 'legacy');
        const nft = render(hook, 'nft');
        if (legacy === nft) lines.push(`- ${hook}${labels.colon}${legacy}`);
        else lines.push(`- ${hook} (iptables-nft)${labels.colon}${nft}`, `- ${hook} (iptables-legacy)${labels.colon}${legacy}`);
    }
    return lines.join('\n');
}
