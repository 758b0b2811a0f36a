import type { Grammar, GrammarAST } from 'langium';
import { DefaultTokenBuilder, RegExpUtils } from 'langium';
import type { TokenBuilderOptions } from 'langium';
import type { TokenType, TokenVocabulary } from 'chevrotain';

/**
 * Two things the grammar alone cannot say about the `iptables { ... }` block token:
 * - it must come before the keywords (Langium puts keywords first), so the whole verbatim body is one token;
 *   the `iptables` keyword still wins in `iptables from "file"`, which has no `{`;
 * - it is matched by a linear scan rather than its regex: a pasted kube-proxy dump is megabytes long, and a
 *   backtracking regex over it overflows the stack.
 */
export class NetzTokenBuilder extends DefaultTokenBuilder {
    override buildTokens(grammar: Grammar, options?: TokenBuilderOptions): TokenVocabulary {
        const tokens = super.buildTokens(grammar, options) as TokenType[];
        const index = tokens.findIndex(token => token.name === 'IPTABLES_BLOCK');
        if (index >= 0) {
            const [block] = tokens.splice(index, 1);
            block.PATTERN = matchIptablesBlock;
            block.LINE_BREAKS = true;
            block.START_CHARS_HINT = ['i'];
            tokens.unshift(block);
        }
        return tokens;
    }

    /**
     * As Langium decides it (the terminals that can match a longer word starting with the keyword), with each
     * terminal's partial regex built once rather than once per keyword: a tenth of the CLI's start-up otherwise.
     */
    override findLongerAlt(keyword: GrammarAST.Keyword, terminalTokens: TokenType[]): TokenType[] {
        return terminalTokens.filter(token => {
            const partial = this.partialPattern(token);
            const match = partial && keyword.value.match(partial);
            return !!match && match[0].length > 0;
        });
    }

    private readonly partials = new Map<TokenType, RegExp | undefined>();

    private partialPattern(token: TokenType): RegExp | undefined {
        if (!this.partials.has(token)) {
            const source = (token.PATTERN as RegExp | undefined)?.source;
            this.partials.set(token, source ? RegExpUtils.partialRegExp('^' + source + '$') : undefined);
        }
        return this.partials.get(token);
    }
}

const KEYWORD = 'iptables';

/**
 * `iptables`, blanks, `{`, then everything up to the first `}` that is not inside a `"..."` string (which ends
 * at its line's end if unterminated; the iptables parser reports that) or a `#` comment. The same language as
 * the IPTABLES_BLOCK terminal of netz.langium, which documents it.
 */
export function matchIptablesBlock(text: string, offset: number): RegExpExecArray | null {
    if (!text.startsWith(KEYWORD, offset)) {
        return null;
    }
    let i = offset + KEYWORD.length;
    while (text[i] === ' ' || text[i] === '\t') {
        i++;
    }
    if (text[i] !== '{') {
        return null;
    }
    for (i++; i < text.length; i++) {
        const char = text[i];
        if (char === '}') {
            const result = [text.slice(offset, i + 1)] as unknown as RegExpExecArray;
            result.index = offset;
            result.input = text;
            return result;
        }
        if (char === '#') {
            const end = text.indexOf('\n', i);
            i = end < 0 ? text.length : end;
        } else if (char === '"') {
            for (i++; i < text.length && text[i] !== '"' && text[i] !== '\n'; i++) {
                if (text[i] === '\\') {
                    i++;
                }
            }
            if (text[i] === '\n') {
                i--;
            }
        }
    }
    return null;
}
