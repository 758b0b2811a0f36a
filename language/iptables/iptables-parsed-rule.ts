import type { Match, Rule, SourceRef, TableName, Target, UnmodelledOption } from '../../model/model-api.js';

/** The text one parse read, shared by all of its rules. */
export class ParsedText {
    constructor(
        readonly file: string,
        readonly text: string,
        /** 1-based line and column of the text's first character in its file. */
        readonly baseLine: number,
        readonly baseColumn: number
    ) {}
}

/**
 * A rule as the parser builds it. A kube-proxy node holds 100,000 of them, and each object a rule retains costs its
 * allocation, the garbage collector's copies and, on a cold start, fresh memory pages: so `text` and `source` are
 * computed from offsets into the parsed text when read, instead of being a string and an object per rule.
 */
export class ParsedRule implements Rule {
    refused = false;
    readonly #at: ParsedText;
    readonly #lineIndex: number;
    /** Offset of the rule's line in the text, and the rule's columns (0-based) in that line. */
    readonly #lineStart: number;
    readonly #start: number;
    readonly #textStart: number;
    readonly #end: number;

    constructor(
        readonly table: TableName,
        readonly chain: string,
        public position: number,
        readonly matches: Match[],
        readonly unmodelled: UnmodelledOption[],
        public target: Target | undefined,
        public counters: { packets: number; bytes: number } | undefined,
        at: ParsedText, lineIndex: number, lineStart: number, start: number, textStart: number, end: number
    ) {
        this.#at = at;
        this.#lineIndex = lineIndex;
        this.#lineStart = lineStart;
        this.#start = start;
        this.#textStart = textStart;
        this.#end = end;
    }

    get text(): string {
        return this.#at.text.slice(this.#lineStart + this.#textStart, this.#lineStart + this.#end);
    }

    get source(): SourceRef {
        const at = this.#at;
        const line = at.baseLine + this.#lineIndex;
        const offset = this.#lineIndex === 0 ? at.baseColumn : 1;
        return { file: at.file, line, column: this.#start + offset, endLine: line, endColumn: this.#end + offset };
    }

    /** An equal rule that can be renumbered without touching this one. */
    copy(): ParsedRule {
        const copy = new ParsedRule(this.table, this.chain, this.position, this.matches, this.unmodelled, this.target, this.counters,
            this.#at, this.#lineIndex, this.#lineStart, this.#start, this.#textStart, this.#end);
        copy.refused = this.refused;
        return copy;
    }
}
