import type { Model, Rule } from '../model/model-api.js';

/**
 * Names the model uses, as the kernel sees them, and back. One place decides them so that the export script,
 * the verify runner and the trace parser cannot disagree.
 */

/** The kernel's IFNAMSIZ is 16 bytes including the terminating NUL. */
export const KERNEL_IFNAME_MAX = 15;

/** The namespace that holds the far ends of interfaces the model leaves unwired (and injects `iif` probes there). */
export function stubNamespace(prefix: string): string {
    return `${prefix}@ext`;
}

export function kernelNamespace(prefix: string, name: string): string {
    return prefix + name;
}

/**
 * Maps every interface name longer than the kernel allows to a short, stable replacement (per namespace, since names
 * need to be unique only there). Names that fit are kept as written.
 */
export class InterfaceNames {
    private readonly renamed = new Map<string, Map<string, string>>();
    /** The names of each namespace's interfaces, in the model and in the kernel. */
    private readonly taken = new Map<string, Set<string>>();

    constructor(model: Model) {
        for (const ns of model.namespaces) {
            const taken = new Set(ns.interfaces.map((i) => i.name));
            this.taken.set(ns.name, taken);
            const map = new Map<string, string>();
            for (const iface of ns.interfaces) {
                if (iface.name.length <= KERNEL_IFNAME_MAX) {
                    continue;
                }
                // Keep the readable head of the name and add a counter that makes it unique in this namespace.
                let n = 0;
                let short: string;
                do {
                    const tail = `~${n++}`;
                    short = iface.name.slice(0, KERNEL_IFNAME_MAX - tail.length) + tail;
                } while (taken.has(short));
                taken.add(short);
                map.set(iface.name, short);
            }
            if (map.size > 0) {
                this.renamed.set(ns.name, map);
            }
        }
    }

    /** The kernel name of interface `name` of namespace `netns`. */
    kernel(netns: string, name: string): string {
        return this.renamed.get(netns)?.get(name) ?? name;
    }

    /** The renamed interfaces of a namespace (model name → kernel name). */
    renamedIn(netns: string): ReadonlyMap<string, string> {
        return this.renamed.get(netns) ?? new Map();
    }

    /**
     * `nztmpN` with the least N that no interface of these namespaces is named in the kernel: a name for a device on
     * its way through them, which the user's own names (`nztmp0` is a valid one) must not clash with.
     */
    temporary(namespaces: readonly string[]): string {
        for (let n = 0; ; n++) {
            const name = `nztmp${n}`;
            if (!namespaces.some((ns) => this.taken.get(ns)?.has(name))) return name;
        }
    }
}

/**
 * The marker a rule carries in the kernel (`-m comment --comment "netz:LINE"`), so a kernel trace names the `.netz` line
 * that holds the rule. Rules read from another file (`iptables from`) carry that file's base name too.
 */
export function ruleMarker(rule: Rule, mainFile: string | undefined): string {
    if (mainFile === undefined || rule.source.file === mainFile) {
        return `netz:${rule.source.line}`;
    }
    const base = rule.source.file.split('/').pop() ?? rule.source.file;
    return `netz:${base}:${rule.source.line}`;
}

/** The file the model was written in: the file most namespaces were declared in. */
export function mainFileOf(model: Model): string | undefined {
    return model.namespaces[0]?.source.file ?? model.probes[0]?.source.file;
}

/** The marker a comment is, if it is one: the export gives the marker a comment match of its own. */
export function markerOfComment(comment: string): string | undefined {
    return /^netz:[^\s"]+$/.test(comment) ? comment : undefined;
}
