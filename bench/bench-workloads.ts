import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dockerHostNetz } from './docker-host-generator.js';
import { kubeNodeNetz, kubeServices, spreadServices } from './kube-node-generator.js';
import { kubeProxyRuleCount, kubeProxyRuleset } from './kube-proxy-generator.js';
import type { MultiHostOptions } from './multi-host-generator.js';
import { multiHostNetz } from './multi-host-generator.js';

/** How big each workload is; `ISSUE_SIZES` are issue 9's targets, the smoke test uses tiny ones. */
export interface WorkloadSizes {
    /** The kube-proxy node: S services × E endpoints, probes in the checked file and in the probe benchmark. */
    cluster: { services: number; endpoints: number; checkProbes: number; probes: number };
    /** Rule counts for the growth pair (the services are derived from them with `cluster.endpoints`). */
    growth: { smallRules: number; largeRules: number };
    /** Lines of the inline `iptables { }` block the language server is edited in. */
    inlineLines: number;
    topology: MultiHostOptions;
    /** The trace view's topology (namespaces counts the containers; hosts and the underlay come on top). */
    webview: MultiHostOptions;
    docker: { containers: number; probes: number };
}

export const ISSUE_SIZES: WorkloadSizes = {
    cluster: { services: 5000, endpoints: 5, checkProbes: 10, probes: 1000 },
    growth: { smallRules: 10_000, largeRules: 100_000 },
    inlineLines: 2000,
    topology: { namespaces: 1000, hosts: 10, bridgesPerHost: 50, probes: 30 },
    webview: { namespaces: 189, hosts: 10, bridgesPerHost: 5, probes: 0 },
    docker: { containers: 1000, probes: 20 }
};

/** Tiny versions of every workload: the smoke test, and `npm run bench -- --small` to try the harness in seconds. */
export const SMALL_SIZES: WorkloadSizes = {
    cluster: { services: 20, endpoints: 2, checkProbes: 3, probes: 10 },
    growth: { smallRules: 100, largeRules: 1000 },
    inlineLines: 100,
    topology: { namespaces: 12, hosts: 3, bridgesPerHost: 2, probes: 6 },
    webview: { namespaces: 4, hosts: 2, bridgesPerHost: 1, probes: 0 },
    docker: { containers: 4, probes: 4 }
};

export interface RulesWorkload {
    rules: string;
    netz: string;
    netzText: string;
    ruleCount: number;
    lines: number;
}

export interface WorkloadFiles {
    /** 5,000 × 5 by default: `iptables from` a rules file, a few probes (the cold check). */
    cluster: RulesWorkload;
    /** The same rules file with a probe per service of a spread sample (the probe benchmark). */
    probesNetz: string;
    growthSmall: RulesWorkload;
    growthLarge: RulesWorkload;
    /** A folder of its own (the server loads every `.netz` of its workspace) with the cluster's file and rules. */
    lspFrom: { dir: string; netz: string; text: string };
    /** A folder of its own with a `.netz` holding an inline block of about `inlineLines` lines. */
    lspInline: { dir: string; netz: string; text: string; blockLines: number };
    topology: { netz: string; counts: ReturnType<typeof multiHostNetz>['counts'] };
    webview: { netz: string; counts: ReturnType<typeof multiHostNetz>['counts'] };
    docker: { netz: string; containers: number };
}

function lineCount(text: string): number {
    return text.trimEnd().split('\n').length;
}

/** The smallest service count whose ruleset has at least `rules` rules. */
function servicesForRules(rules: number, endpoints: number): number {
    let services = 1;
    while (kubeProxyRuleCount(services, endpoints) < rules) {
        services = Math.max(services + 1, Math.floor(services * (rules / kubeProxyRuleCount(services, endpoints))));
    }
    return services;
}

function writeRulesWorkload(dir: string, services: number, endpoints: number, probes: number): RulesWorkload {
    mkdirSync(dir, { recursive: true });
    const text = kubeProxyRuleset(services, endpoints);
    const rules = join(dir, 'kube-proxy.rules');
    const netz = join(dir, 'node.netz');
    const netzText = kubeNodeNetz({ rules: { from: 'kube-proxy.rules' }, probed: spreadServices(kubeServices(text), probes) });
    writeFileSync(rules, text);
    writeFileSync(netz, netzText);
    return { rules, netz, netzText, ruleCount: kubeProxyRuleCount(services, endpoints), lines: lineCount(text) };
}

/** Generates every workload into `dir` (which must be empty or new), one folder per benchmark. */
export function writeWorkloads(dir: string, sizes: WorkloadSizes): WorkloadFiles {
    const { services, endpoints, checkProbes, probes } = sizes.cluster;
    const cluster = writeRulesWorkload(join(dir, 'cluster'), services, endpoints, checkProbes);
    const clusterText = readFileSync(cluster.rules, 'utf8');
    const probesNetz = join(dir, 'cluster', 'probes.netz');
    writeFileSync(probesNetz, kubeNodeNetz({ rules: { from: 'kube-proxy.rules' }, probed: spreadServices(kubeServices(clusterText), probes) }));

    const growthSmall = writeRulesWorkload(join(dir, 'growth-small'), servicesForRules(sizes.growth.smallRules, endpoints), endpoints, checkProbes);
    const growthLarge = writeRulesWorkload(join(dir, 'growth-large'), servicesForRules(sizes.growth.largeRules, endpoints), endpoints, checkProbes);

    const lspFromDir = join(dir, 'lsp-from');
    const lspFromWorkload = writeRulesWorkload(lspFromDir, services, endpoints, checkProbes);

    let inlineServices = 1;
    while (lineCount(kubeProxyRuleset(inlineServices + 1, endpoints)) <= sizes.inlineLines) {
        inlineServices++;
    }
    const inlineRules = kubeProxyRuleset(inlineServices, endpoints);
    const lspInlineDir = join(dir, 'lsp-inline');
    mkdirSync(lspInlineDir, { recursive: true });
    const inlineText = kubeNodeNetz({ rules: { inline: inlineRules }, probed: spreadServices(kubeServices(inlineRules), checkProbes) });
    const inlineNetz = join(lspInlineDir, 'node.netz');
    writeFileSync(inlineNetz, inlineText);

    mkdirSync(join(dir, 'topology'), { recursive: true });
    const topology = multiHostNetz(sizes.topology);
    const topologyNetz = join(dir, 'topology', 'hosts.netz');
    writeFileSync(topologyNetz, topology.text);

    const view = multiHostNetz(sizes.webview);
    const viewNetz = join(dir, 'topology', 'view.netz');
    writeFileSync(viewNetz, view.text);

    mkdirSync(join(dir, 'docker'), { recursive: true });
    const docker = dockerHostNetz(sizes.docker.containers, sizes.docker.probes);
    const dockerNetz = join(dir, 'docker', 'docker-host.netz');
    writeFileSync(dockerNetz, docker.text);

    return {
        cluster,
        probesNetz,
        growthSmall,
        growthLarge,
        lspFrom: { dir: lspFromDir, netz: lspFromWorkload.netz, text: lspFromWorkload.netzText },
        lspInline: { dir: lspInlineDir, netz: inlineNetz, text: inlineText, blockLines: lineCount(inlineRules) },
        topology: { netz: topologyNetz, counts: topology.counts },
        webview: { netz: viewNetz, counts: view.counts },
        docker: { netz: dockerNetz, containers: sizes.docker.containers }
    };
}
