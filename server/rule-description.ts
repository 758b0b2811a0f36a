import type { MatchOption, OptionValue, PortRange, Rule, Target } from '../model/model-api.js';
import { formatCidr, formatIPv4 } from '../model/model-api.js';
import type { DocLocale } from '../language/docs/docs-lookup.js';
import type { DocTemplates } from '../language/docs/docs-templates.js';
import { templatesFor } from '../language/docs/docs-templates.js';

/** A typed rule told in plain words, from its matches and target (never from its text). */

function ports(ranges: readonly PortRange[]): string {
    return ranges.map(r => (r.from === r.to ? `${r.from}` : `${r.from}:${r.to}`)).join(',');
}

/** An option's argument for display; undefined for a flag. */
function valueText(value: OptionValue): string | undefined {
    switch (value.kind) {
        case 'flag': return undefined;
        case 'cidr': return value.prefix === 32 ? formatIPv4(value.address) : formatCidr(value);
        case 'addressRange': return `${formatIPv4(value.from)}-${formatIPv4(value.to)}`;
        case 'interface': return value.wildcard ? `${value.name}+` : value.name;
        case 'protocol': return value.name;
        case 'ports': return ports(value.ranges);
        case 'words': return value.words.join(',');
        case 'markMask': return value.mask === 0xffffffff ? `0x${value.value.toString(16)}` : `0x${value.value.toString(16)}/0x${value.mask.toString(16)}`;
        case 'number': return String(value.value);
        case 'string': return value.value;
        case 'tcpFlags': return `${value.mask}/${value.compare}`;
        case 'icmpType': return value.name;
        case 'natRange': {
            const from = value.from === undefined ? '' : formatIPv4(value.from);
            const to = value.to === undefined || value.to === value.from ? '' : `-${formatIPv4(value.to)}`;
            const portText = value.ports === undefined ? '' : `:${ports([value.ports])}`;
            return `${from}${to}${portText}`;
        }
    }
}

function condition(module: string, option: MatchOption, t: DocTemplates['rule']): string | undefined {
    const value = valueText(option.value);
    let phrase: string | undefined;
    if (value !== undefined) {
        switch (option.name) {
            case 'source': phrase = t.from(value); break;
            case 'destination': phrase = t.to(value); break;
            case 'in-interface': phrase = t.arriving(value); break;
            case 'out-interface': phrase = t.leaving(value); break;
            case 'protocol': phrase = t.protocol(value); break;
            case 'dport': case 'dports': phrase = t.dport(value); break;
            case 'sport': case 'sports': phrase = t.sport(value); break;
            case 'ctstate': case 'state': phrase = t.state(value); break;
            case 'mark': phrase = module === 'mark' ? t.mark(value) : undefined; break;
            case 'comment': return undefined; // a comment selects nothing
        }
    }
    phrase ??= t.matching(option.negated ? option.text.replace(/^!\s*/, '') : option.text);
    return option.negated ? t.not(phrase) : phrase;
}

function targetOption(target: Target, name: string): string | undefined {
    const option = target.options.find(o => o.name === name);
    return option && valueText(option.value);
}

function action(rule: Rule, t: DocTemplates['rule']): string {
    const target = rule.target;
    if (!target) {
        return t.countOnly;
    }
    if (target.userChain) {
        return target.goto ? t.goto(target.name) : t.jump(target.name);
    }
    switch (target.name) {
        case 'ACCEPT': return t.accept;
        case 'DROP': return t.drop;
        case 'RETURN': return t.return_;
        case 'REJECT': return t.reject(targetOption(target, 'reject-with') ?? 'icmp-port-unreachable');
        case 'MASQUERADE': {
            const out = rule.matches.flatMap(m => m.options).find(o => o.name === 'out-interface' && !o.negated);
            return t.masquerade(out && out.value.kind === 'interface' && !out.value.wildcard ? out.value.name : undefined);
        }
        case 'SNAT': return t.snat(targetOption(target, 'to-source') ?? '?');
        case 'DNAT': return t.dnat(targetOption(target, 'to-destination') ?? '?');
        case 'REDIRECT': return t.redirect(targetOption(target, 'to-ports'));
        case 'LOG': case 'NFLOG': return t.log;
        case 'MARK': case 'CONNMARK': {
            const set = target.options.find(o => o.name === 'set-mark' || o.name === 'set-xmark');
            const shown = set && valueText(set.value);
            return shown === undefined ? t.handedTo(target.name) : t.setMark(shown);
        }
        default: return t.handedTo(target.name);
    }
}

/** One sentence: "Packets from 192.168.31.0/24 leaving through eth0 get eth0's address as their source." */
export function describeRule(rule: Rule, locale: DocLocale): string {
    const t = templatesFor(locale).rule;
    if (rule.refused) {
        return t.refused;
    }
    const conditions = rule.matches.flatMap(match => match.options.flatMap(option => condition(match.module, option, t) ?? []));
    conditions.push(...rule.unmodelled.filter(u => u.role === 'match').map(u => t.matching(u.text)));
    return t.sentence(t.packets(conditions), action(rule, t));
}
