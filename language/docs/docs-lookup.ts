import type { Hook } from '../iptables/iptables-registry.js';
import { isHook, isTableName } from '../iptables/iptables-registry.js';
import { CATALOGUE_EN } from './docs-catalogue-en.js';
import { CATALOGUE_ZH_TW } from './docs-catalogue-zh-tw.js';
import { hookDiagram, tableOrder, tableOrderAtHooks } from './docs-hook-diagram.js';
import type { DocLocale } from './docs-locale.js';
import { registryFacts } from './docs-registry-facts.js';

export type { DocLocale } from './docs-locale.js';
export { localeFromDisplayLanguage } from './docs-locale.js';

const CATALOGUES: Record<DocLocale, Readonly<Record<string, string>>> = { en: CATALOGUE_EN, 'zh-tw': CATALOGUE_ZH_TW };

/**
 * Every key the catalogue documents, the same in both locales:
 * `keyword:NAME`, `outcome:NAME`, `sysctl:KEY` (per-interface keys as `net.ipv4.conf.*.NAME`), `table:NAME`,
 * `chain:TABLE:CHAIN`, `match:MODULE`, `option:MODULE:NAME`, `target:NAME`, `option:TARGET:NAME`.
 */
export const DOC_KEYS: readonly string[] = Object.keys(CATALOGUE_EN);

const PER_INTERFACE_SYSCTL = /^sysctl:net\.ipv4\.conf\.[^.]+\.([a-z_]+)$/;

/** The catalogue key that documents `key`: itself, or for a per-interface sysctl (`...conf.eth0.rp_filter`) its `*` form. */
function resolveKey(key: string, catalogue: Readonly<Record<string, string>>): string | undefined {
    if (Object.hasOwn(catalogue, key)) return key;
    // A table name written as a keyword (`expect dropped at fw filter INPUT`) is documented as the table.
    const keyword = /^keyword:(.+)$/.exec(key);
    if (keyword && isTableName(keyword[1])) return `table:${keyword[1]}`;
    const perInterface = PER_INTERFACE_SYSCTL.exec(key);
    const general = perInterface && `sysctl:net.ipv4.conf.*.${perInterface[1]}`;
    return general && Object.hasOwn(catalogue, general) ? general : undefined;
}

/**
 * The Markdown documentation of `key` in `locale`, or undefined when the catalogue has no entry.
 * Tables get their place in the table order at each of their hooks; built-in chains the hook diagram and
 * the table order at their hook; tables, matches, targets and
 * their options get the facts of the iptables registry (spellings, arguments, valid tables and chains).
 */
export function docFor(key: string, locale: DocLocale): string | undefined {
    const catalogue = CATALOGUES[locale];
    const resolved = resolveKey(key, catalogue);
    if (resolved === undefined) return undefined;
    const sections = [catalogue[resolved]];
    const [kind, name, chain] = resolved.split(':');
    if (kind === 'table' && name !== undefined && isTableName(name)) {
        sections.push(tableOrderAtHooks(name, locale));
    }
    if (kind === 'chain' && chain !== undefined && isHook(chain)) {
        const hook: Hook = chain;
        sections.push(hookDiagram(hook, locale), tableOrder(hook, locale));
    }
    const facts = registryFacts(resolved, locale);
    if (facts !== undefined) sections.push(facts);
    return sections.join('\n\n');
}
