import type { AstNode, AstNodeDescription, LangiumCoreServices, LangiumDocument, ReferenceInfo, Scope, Stream } from 'langium';
import { AstUtils, DocumentCache, EMPTY_SCOPE, stream } from 'langium';
import type { AstNodeDescriptionProvider } from 'langium';
import { pushTo } from '../model/model-api.js';
import type { Interface, Namespace, NetzFile } from './generated/ast.js';
import { isHost, isInterface, isNetns, isNetzFile, isProbe } from './generated/ast.js';

/** Every name a `.netz` file declares, indexed once per document version. */
export interface NameIndex {
    /** By name; several entries mean a duplicate (reported by validation; the first one wins for linking). */
    namespaces: Map<string, Namespace[]>;
    /** Interfaces of each namespace by bare name. */
    interfaces: Map<Namespace, Map<string, Interface[]>>;
}

/**
 * The declarations that have a name: while a file is being typed, the parser recovers from `host` or `veth` cut
 * short with a node whose name is missing (the syntax error says so), and nothing downstream can use such a node.
 */
const named = (node: { name?: string }): boolean => node.name !== undefined;

export function namespacesOf(file: NetzFile): Namespace[] {
    const result: Namespace[] = [];
    for (const statement of file.statements) {
        if (isHost(statement)) {
            // A host still being named keeps its containers: references to them resolve meanwhile.
            if (named(statement)) {
                result.push(statement);
            }
            result.push(...statement.statements.filter(isNetns).filter(named));
        } else if (isNetns(statement) && named(statement)) {
            result.push(statement);
        }
    }
    return result;
}

export function interfacesOf(namespace: Namespace): Interface[] {
    return (namespace.statements as AstNode[]).filter(isInterface).filter(named);
}

export function buildNameIndex(file: NetzFile): NameIndex {
    const namespaces = new Map<string, Namespace[]>();
    const interfaces = new Map<Namespace, Map<string, Interface[]>>();
    for (const namespace of namespacesOf(file)) {
        pushTo(namespaces, namespace.name, namespace);
        const own = new Map<string, Interface[]>();
        for (const iface of interfacesOf(namespace)) {
            pushTo(own, iface.name, iface);
        }
        interfaces.set(namespace, own);
    }
    return { namespaces, interfaces };
}

/**
 * Resolves names the way LANGUAGE.md §2 says: an interface reference is first a bare name of the
 * current namespace, then `NS.IF` (everything after the first `.` is the interface name).
 * Lookups go through a per-document index, so linking stays linear on large files.
 */
export class NetzScopeProvider {
    private readonly descriptions: AstNodeDescriptionProvider;
    private readonly indexes: DocumentCache<string, NameIndex>;

    constructor(services: LangiumCoreServices) {
        this.descriptions = services.workspace.AstNodeDescriptionProvider;
        this.indexes = new DocumentCache(services.shared);
    }

    nameIndex(document: LangiumDocument): NameIndex {
        return this.indexes.get(document.uri, 'names', () => buildNameIndex(document.parseResult.value as NetzFile));
    }

    getScope(context: ReferenceInfo): Scope {
        const document = AstUtils.getDocument(context.container);
        const root = document.parseResult.value;
        if (!isNetzFile(root)) {
            return EMPTY_SCOPE;
        }
        const index = this.nameIndex(document);
        if (context.property === 'from' || context.property === 'toNamespace' || context.property === 'at') {
            return new LookupScope(
                name => index.namespaces.get(name)?.[0],
                () => stream(index.namespaces.values()).map((list): [AstNode, string] => [list[0], list[0].name]),
                (node, name) => this.descriptions.createDescription(node, name, document));
        }
        const home = this.homeNamespace(context.container, index);
        return new LookupScope(
            name => lookupInterface(index, home, name),
            () => allInterfaceNames(index, home),
            (node, name) => this.descriptions.createDescription(node, name, document));
    }

    /** The namespace whose bare interface names are visible: the enclosing one, or a probe's `from` for `iif`. */
    private homeNamespace(container: AstNode, index: NameIndex): Namespace | undefined {
        if (isProbe(container)) {
            return index.namespaces.get(container.from.$refText)?.[0];
        }
        return AstUtils.getContainerOfType(container, (node): node is Namespace => isNetns(node) || isHost(node));
    }
}

export function lookupInterface(index: NameIndex, home: Namespace | undefined, name: string): Interface | undefined {
    if (home) {
        const local = index.interfaces.get(home)?.get(name)?.[0];
        if (local) {
            return local;
        }
    }
    const dot = name.indexOf('.');
    if (dot <= 0) {
        return undefined;
    }
    const namespace = index.namespaces.get(name.slice(0, dot))?.[0];
    return namespace ? index.interfaces.get(namespace)?.get(name.slice(dot + 1))?.[0] : undefined;
}

function allInterfaceNames(index: NameIndex, home: Namespace | undefined): Stream<[AstNode, string]> {
    const entries: [AstNode, string][] = [];
    for (const [namespace, own] of index.interfaces) {
        for (const [name, list] of own) {
            if (namespace === home) {
                entries.push([list[0], name]);
            }
            entries.push([list[0], `${namespace.name}.${name}`]);
        }
    }
    return stream(entries);
}

/** A scope answered by lookup functions rather than by a list of every visible name. */
class LookupScope implements Scope {
    constructor(
        private readonly find: (name: string) => AstNode | undefined,
        private readonly all: () => Stream<[AstNode, string]>,
        private readonly describe: (node: AstNode, name: string) => AstNodeDescription) {
    }

    getElement(name: string): AstNodeDescription | undefined {
        const node = this.find(name);
        return node ? this.describe(node, name) : undefined;
    }

    getElements(name: string): Stream<AstNodeDescription> {
        const element = this.getElement(name);
        return stream(element ? [element] : []);
    }

    getAllElements(): Stream<AstNodeDescription> {
        return this.all().map(([node, name]) => this.describe(node, name));
    }
}
