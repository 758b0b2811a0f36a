import type { DocLocale } from './docs-locale.js';

/**
 * Sentence templates for text the language server generates from the model (a rule in plain words, the facts
 * of an interface, code lens titles), in every catalogue locale. The prose explanations stay in the catalogues;
 * these are only the frames that model values are put into.
 */
export interface DocTemplates {
    /** Joins a list of phrases or values. */
    list: (items: readonly string[]) => string;
    colon: string;
    rule: {
        /** The subject of a rule sentence: the packets its conditions select. */
        packets: (conditions: readonly string[]) => string;
        sentence: (subject: string, action: string) => string;
        from: (x: string) => string;
        to: (x: string) => string;
        arriving: (x: string) => string;
        leaving: (x: string) => string;
        protocol: (x: string) => string;
        dport: (x: string) => string;
        sport: (x: string) => string;
        state: (x: string) => string;
        mark: (x: string) => string;
        matching: (text: string) => string;
        not: (phrase: string) => string;
        accept: string;
        drop: string;
        reject: (with_: string) => string;
        return_: string;
        masquerade: (oif: string | undefined) => string;
        snat: (x: string) => string;
        dnat: (x: string) => string;
        redirect: (ports: string | undefined) => string;
        log: string;
        setMark: (x: string) => string;
        jump: (chain: string) => string;
        goto: (chain: string) => string;
        countOnly: string;
        handedTo: (target: string) => string;
        /** A rule with an error, which the simulator and the analysis leave out. */
        refused: string;
        placement: (table: string, chain: string, hooks: readonly string[]) => string;
        unreached: (table: string, chain: string) => string;
        unmodelled: (items: readonly string[]) => string;
        analysis: string;
        nothingFound: string;
    };
    facts: {
        kind: string;
        namespace: string;
        host: string;
        addresses: string;
        mac: string;
        macDerived: string;
        mtu: string;
        down: string;
        peer: string;
        master: string;
        parent: string;
        mode: string;
        vni: string;
        remote: string;
        dstport: string;
        routes: string;
        interfaces: string;
        ipForward: string;
        none: string;
        /** Where a sysctl's effective value came from. */
        origin: Record<'default' | 'inherited' | 'written', string>;
        addressOwner: (address: string, owner: string, subnet: string) => string;
        addressInSubnet: (address: string, subnet: string, owner: string) => string;
        addressUnknown: (address: string) => string;
        chainRules: (count: number) => string;
        chainJumpers: (callers: readonly string[]) => string;
        chainUnused: string;
    };
    lens: {
        passed: (outcome: string, steps: number) => string;
        unchecked: (outcome: string, steps: number) => string;
        failed: (expected: string, got: string) => string;
        traceFrom: string;
        chain: (rules: number, callers: readonly string[]) => string;
        /** The simulator's reason for an outcome, which it words in English only. */
        reason: (reason: string) => string;
    };
}

const EN: DocTemplates = {
    list: items => items.join(', '),
    colon: ': ',
    rule: {
        packets: conditions => (conditions.length === 0 ? 'All packets' : `Packets ${conditions.join(' ')}`),
        sentence: (subject, action) => `${subject} ${action}.`,
        from: x => `from ${x}`,
        to: x => `to ${x}`,
        arriving: x => `arriving on ${x}`,
        leaving: x => `leaving through ${x}`,
        protocol: x => `of protocol ${x}`,
        dport: x => `to port ${x}`,
        sport: x => `from port ${x}`,
        state: x => `in conntrack state ${x}`,
        mark: x => `with mark ${x}`,
        matching: text => `matching \`${text}\``,
        not: phrase => `not ${phrase}`,
        accept: 'are accepted',
        drop: 'are dropped silently',
        reject: w => `are rejected with ${w}`,
        return_: 'return to the chain that jumped here (or meet the policy)',
        masquerade: oif => `get ${oif === undefined ? 'the outgoing interface\'s' : `${oif}'s`} address as their source`,
        snat: x => `get ${x} as their source`,
        dnat: x => `are sent to ${x} instead`,
        redirect: ports => `are redirected to this namespace${ports === undefined ? '' : ` on port ${ports}`}`,
        log: 'are logged, then the next rule is tested',
        refused: 'iptables refuses this rule (its error says why): iptables-restore would load nothing of this file, and netz leaves the rule out of the simulation and the analysis until the error is fixed.',
        setMark: x => `get mark ${x}, then the next rule is tested`,
        jump: chain => `jump to chain ${chain}, and come back if nothing there decides`,
        goto: chain => `go to chain ${chain} without coming back`,
        countOnly: 'are only counted',
        handedTo: target => `are handed to ${target}`,
        placement: (table, chain, hooks) => `Runs in table \`${table}\`, chain \`${chain}\`, at ${hooks.length === 1 ? 'hook' : 'hooks'} ${hooks.map(h => `\`${h}\``).join(', ')}.`,
        unreached: (table, chain) => `Runs in table \`${table}\`, chain \`${chain}\`, which no built-in chain reaches: it never runs.`,
        unmodelled: items => `Not simulated: ${items.map(i => `\`${i}\``).join(', ')}.`,
        analysis: 'Analysis',
        nothingFound: 'Analysis found nothing about this rule.'
    },
    facts: {
        kind: 'Kind', namespace: 'Namespace', host: 'Host', addresses: 'Addresses', mac: 'MAC', macDerived: '(derived)', mtu: 'MTU',
        down: 'Down', peer: 'Peer', master: 'Bridge port of', parent: 'Parent', mode: 'Mode', vni: 'VNI', remote: 'Remote',
        dstport: 'UDP port', routes: 'Routes through it', interfaces: 'Interfaces', ipForward: 'IP forwarding', none: 'none',
        origin: { default: 'the default', inherited: 'inherited from the host', written: 'written here' },
        addressOwner: (address, owner, subnet) => `\`${address}\` is an address of \`${owner}\`, in subnet \`${subnet}\`.`,
        addressInSubnet: (address, subnet, owner) => `\`${address}\` is in subnet \`${subnet}\` of \`${owner}\`; no interface has this address.`,
        addressUnknown: address => `No interface of this file has \`${address}\` or a subnet holding it.`,
        chainRules: count => `${count} ${count === 1 ? 'rule' : 'rules'}`,
        chainJumpers: callers => `jumped to from ${callers.join(', ')}`,
        chainUnused: 'no rule jumps here'
    },
    lens: {
        passed: (outcome, steps) => `▶ Trace · ✓ ${outcome}, ${steps} steps`,
        unchecked: (outcome, steps) => `▶ Trace · ${outcome}, ${steps} steps`,
        failed: (expected, got) => `▶ Trace · ✗ expected ${expected}, got ${got}`,
        traceFrom: '▶ Trace from here…',
        chain: (rules, callers) => `${rules} ${rules === 1 ? 'rule' : 'rules'} · ${callers.length === 0 ? 'no rule jumps here' : `jumped to from ${callers.join(', ')}`}`,
        reason: reason => reason
    }
};

const ZH_TW: DocTemplates = {
    list: items => items.join('、'),
    colon: '：',
    rule: {
        packets: conditions => (conditions.length === 0 ? '所有封包' : `${conditions.join('、')}的封包`),
        sentence: (subject, action) => `${subject}${action}。`,
        from: x => `來源為 ${x}`,
        to: x => `目的地為 ${x}`,
        arriving: x => `從 ${x} 進入`,
        leaving: x => `從 ${x} 送出`,
        protocol: x => `協定為 ${x}`,
        dport: x => `目的連接埠為 ${x}`,
        sport: x => `來源連接埠為 ${x}`,
        state: x => `連線追蹤狀態為 ${x}`,
        mark: x => `標記為 ${x}`,
        matching: text => `符合 \`${text}\``,
        not: phrase => `非（${phrase}）`,
        accept: '被接受',
        drop: '被靜默丟棄',
        reject: w => `被拒絕，回覆 ${w}`,
        return_: '返回跳到此處的鏈（或由預設策略決定）',
        masquerade: oif => `的來源位址改為${oif === undefined ? '送出介面' : ` ${oif} `}的位址`,
        snat: x => `的來源改為 ${x}`,
        dnat: x => `改送往 ${x}`,
        redirect: ports => `被轉向本命名空間${ports === undefined ? '' : `的連接埠 ${ports}`}`,
        log: '被記錄，然後繼續比對下一條規則',
        refused: 'iptables 會拒絕這條規則（錯誤訊息說明原因）：iptables-restore 會整個檔案都不載入；修正錯誤之前，netz 在模擬與分析中略過這條規則。',
        setMark: x => `被設定標記 ${x}，然後繼續比對下一條規則`,
        jump: chain => `跳到鏈 ${chain}；若那裡沒有決定，則返回繼續`,
        goto: chain => `轉到鏈 ${chain}，不再返回`,
        countOnly: '只被計數',
        handedTo: target => `交給 ${target} 處理`,
        placement: (table, chain, hooks) => `在 \`${table}\` 表的 \`${chain}\` 鏈執行，位於 Hook ${hooks.map(h => `\`${h}\``).join('、')}。`,
        unreached: (table, chain) => `在 \`${table}\` 表的 \`${chain}\` 鏈，但沒有任何內建鏈會到達此鏈：它永遠不會執行。`,
        unmodelled: items => `未模擬：${items.map(i => `\`${i}\``).join('、')}。`,
        analysis: '分析',
        nothingFound: '分析沒有發現此規則的問題。'
    },
    facts: {
        kind: '類型', namespace: '命名空間', host: '主機', addresses: '位址', mac: 'MAC', macDerived: '（自動產生）', mtu: 'MTU',
        down: '已停用', peer: '對端', master: '所屬橋接器', parent: '上層介面', mode: '模式', vni: 'VNI', remote: '遠端',
        dstport: 'UDP 連接埠', routes: '經由它的路由', interfaces: '介面', ipForward: 'IP 轉送', none: '無',
        origin: { default: '預設值', inherited: '繼承自主機', written: '在此設定' },
        addressOwner: (address, owner, subnet) => `\`${address}\` 是 \`${owner}\` 的位址，位於子網路 \`${subnet}\`。`,
        addressInSubnet: (address, subnet, owner) => `\`${address}\` 位於 \`${owner}\` 的子網路 \`${subnet}\`；沒有介面擁有此位址。`,
        addressUnknown: address => `此檔案中沒有介面擁有 \`${address}\`，也沒有包含它的子網路。`,
        chainRules: count => `${count} 條規則`,
        chainJumpers: callers => `由 ${callers.join('、')} 跳入`,
        chainUnused: '沒有規則跳到此鏈'
    },
    lens: {
        passed: (outcome, steps) => `▶ 追蹤 · ✓ ${outcome}，${steps} 步`,
        unchecked: (outcome, steps) => `▶ 追蹤 · ${outcome}，${steps} 步`,
        failed: (expected, got) => `▶ 追蹤 · ✗ 預期 ${expected}，實際 ${got}`,
        traceFrom: '▶ 從這裡追蹤…',
        chain: (rules, callers) => `${rules} 條規則 · ${callers.length === 0 ? '沒有規則跳到此鏈' : `由 ${callers.join('、')} 跳入`}`,
        reason: reason => `模擬器的說明（僅有英文）：${reason}`
    }
};

const TEMPLATES: Record<DocLocale, DocTemplates> = { en: EN, 'zh-tw': ZH_TW };

export function templatesFor(locale: DocLocale): DocTemplates {
    return TEMPLATES[locale];
}
