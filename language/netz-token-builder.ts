import type { Grammar } from 'langium';
import { DefaultTokenBuilder } from 'langium';
import type { TokenBuilderOptions } from 'langium';
import type { TokenType, TokenVocabulary } from 'chevrotain';

/**
 * Langium puts keywords before terminals; the `iptables { ... }` block token must come first so that
 * the whole verbatim body is one token (the `iptables` keyword still wins in `iptables from "file"`).
 */
export class NetzTokenBuilder extends DefaultTokenBuilder {
    override buildTokens(grammar: Grammar, options?: TokenBuilderOptions): TokenVocabulary {
        const tokens = super.buildTokens(grammar, options) as TokenType[];
        const block = tokens.findIndex(token => token.name === 'IPTABLES_BLOCK');
        if (block > 0) {
            tokens.unshift(...tokens.splice(block, 1));
        }
        return tokens;
    }
}
