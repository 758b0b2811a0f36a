import type { OptionValue } from './ruleset-types.js';

/** The value of a match's or target's option by its canonical name (undefined when the rule does not give it). */
export function optionValue(owner: { readonly options: readonly { readonly name: string; readonly value: OptionValue }[] }, name: string): OptionValue | undefined {
    return owner.options.find((o) => o.name === name)?.value;
}
