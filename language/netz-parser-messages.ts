import type { IToken, TokenType } from 'chevrotain';
import type { LexerResult, TokenizeOptions } from 'langium';
import { DefaultLexer, DefaultLexerErrorMessageProvider, LangiumParserErrorMessageProvider } from 'langium';
import { MACVLAN_MODES, OUTCOMES } from '../model/model-api.js';

/**
 * Syntax errors in the words of the language. Chevrotain lists every token sequence that could follow; since almost
 * every keyword may also be a name, a half-typed `parent` would list 55 of them. Here a position that takes a name
 * says so, keywords are quoted as written, and an `iptables {` block without its `}` is named as such.
 */

const TERMINALS: Record<string, string> = {
    ID: 'a name',
    INT: 'a number',
    CIDR: 'an address with a prefix length (a.b.c.d/n)',
    IPV4: 'an IPv4 address',
    MAC: 'a MAC address',
    STRING: 'a quoted string',
    IPTABLES_BLOCK: 'an iptables { ... } block',
    EOF: 'the end of the file',
};

/** Words the grammar takes as any name after these keywords, though only these are valid (lowering checks them). */
const WORDS_AFTER: Record<string, readonly string[]> = { expect: OUTCOMES, mode: MACVLAN_MODES };

/** The most alternatives a message lists before it says how many more there are. */
const MAX_LISTED = 12;

/** Langium names a keyword's token by the keyword itself, a terminal by its rule name. */
function describe(type: TokenType): string {
    return TERMINALS[type.name] ?? `'${type.name}'`;
}

/** `a, b or c`. */
function orList(items: readonly string[]): string {
    return items.length === 1 ? items[0] : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** One phrase for the tokens that could come next: "a name" stands for the keywords that a name may also be. */
function expectedPhrase(firstTokens: TokenType[], previous: IToken | undefined): string {
    const names = firstTokens.some((t) => t.name === 'ID');
    const words = previous && names ? WORDS_AFTER[previous.image] : undefined;
    if (words) {
        return orList(words);
    }
    const shown = firstTokens.filter((t) => !(names && TERMINALS[t.name] === undefined && /^[a-z]/.test(t.name)));
    const phrases = [...new Set(shown.map(describe))];
    if (phrases.length <= MAX_LISTED) {
        return orList(phrases);
    }
    return `${phrases.slice(0, MAX_LISTED).join(', ')} or one of ${phrases.length - MAX_LISTED} more`;
}

function found(actual: IToken): string {
    return actual.tokenType?.name === 'EOF' ? 'the end of the file' : `'${actual.image}'`;
}

function topLevel(actual: IToken): string {
    return `Expecting host, netns, wire or probe at the top level of the file, but found ${found(actual)}.`;
}

function unclosedBlock(previous: IToken | undefined, actual: IToken): string | undefined {
    return previous?.image === 'iptables' && actual.image === '{'
        ? "This iptables { block has no closing '}' (braces inside quotes or # comments do not count): add one after its last line."
        : undefined;
}

export class NetzParserErrorMessageProvider extends LangiumParserErrorMessageProvider {
    override buildMismatchTokenMessage(options: { expected: TokenType; actual: IToken; previous: IToken; ruleName: string }): string {
        const { expected, actual } = options;
        if (expected.name === '}' && actual.tokenType?.name !== 'EOF') {
            // The block's statements ended at a word that starts none of them.
            return `Expecting '}' to close the block, but found ${found(actual)}, which does not start a statement that can appear here.`;
        }
        if (expected.name === 'EOF') {
            return topLevel(actual);
        }
        return unclosedBlock(options.previous, actual) ?? `Expecting ${expectedPhrase([expected], options.previous)} but found ${found(actual)}.`;
    }

    override buildNotAllInputParsedMessage(options: { firstRedundant: IToken; ruleName: string }): string {
        return topLevel(options.firstRedundant);
    }

    override buildNoViableAltMessage(options: { expectedPathsPerAlt: TokenType[][][]; actual: IToken[]; previous: IToken; customUserDescription?: string; ruleName: string }): string {
        const actual = options.actual[0];
        const firsts = options.expectedPathsPerAlt.flatMap((paths) => paths.map((path) => path[0])).filter((t) => t !== undefined);
        return unclosedBlock(options.previous, actual) ?? `Expecting ${expectedPhrase(firsts, options.previous)} but found ${found(actual)}.`;
    }

    override buildEarlyExitMessage(options: { expectedIterationPaths: TokenType[][]; actual: IToken[]; previous: IToken; customUserDescription?: string; ruleName: string }): string {
        const actual = options.actual[0];
        const firsts = options.expectedIterationPaths.map((path) => path[0]).filter((t) => t !== undefined);
        return unclosedBlock(options.previous, actual) ?? `Expecting at least one ${expectedPhrase(firsts, options.previous)} but found ${found(actual)}.`;
    }
}

/** iptables lines are the usual text that lands outside a block: an `iptables {` left open, or one closed too early. */
const IPTABLES_LINE = /^[ \t]*(?:-[A-Z]\s|\*[a-z]+\s*$|:[A-Za-z]|COMMIT\s*$)/m;

export class NetzLexerErrorMessageProvider extends DefaultLexerErrorMessageProvider {
    override buildUnexpectedCharactersMessage(fullText: string, startOffset: number, length: number): string {
        const lineStart = fullText.lastIndexOf('\n', startOffset - 1) + 1;
        const lineEnd = fullText.indexOf('\n', startOffset);
        const line = fullText.slice(lineStart, lineEnd < 0 ? undefined : lineEnd);
        const hint = IPTABLES_LINE.test(line) ? ': iptables-save lines go inside an iptables { ... } block' : '';
        return `Unexpected '${fullText.substr(startOffset, length)}': no word of the .netz language starts with it${hint}.`;
    }
}

/**
 * One lexer error per line: a stray line (iptables text outside a block) has a character no token starts with at
 * each of its options, and one message says what is wrong with it.
 */
export class NetzLexer extends DefaultLexer {
    override tokenize(text: string, options?: TokenizeOptions): LexerResult {
        const result = super.tokenize(text, options);
        const lines = new Set<number | undefined>();
        result.errors = result.errors.filter((error) => {
            const first = !lines.has(error.line);
            lines.add(error.line);
            return first;
        });
        return result;
    }
}
