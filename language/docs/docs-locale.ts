/** The languages the documentation catalogue is written in. */
export type DocLocale = 'en' | 'zh-tw';

/**
 * The catalogue locale for an editor display language (VS Code's `vscode.env.language`, LSP's `locale`):
 * Traditional Chinese for `zh-tw` and `zh-hant` (any region), English for everything else.
 */
export function localeFromDisplayLanguage(lang: string | undefined): DocLocale {
    const tag = (lang ?? '').toLowerCase().replace(/_/g, '-');
    return tag === 'zh-tw' || tag.startsWith('zh-tw-') || tag === 'zh-hant' || tag.startsWith('zh-hant-') ? 'zh-tw' : 'en';
}
