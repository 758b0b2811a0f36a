/** Appends `value` to the list kept under `key`: the one-to-many indexes every layer builds over the model. */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
    const list = map.get(key);
    if (list) {
        list.push(value);
    } else {
        map.set(key, [value]);
    }
}

/** The value kept under `key`, made by `make` the first time it is asked for: the memo and index shape every layer uses. */
export function getOrCreate<K, V>(map: { get(key: K): V | undefined; set(key: K, value: V): unknown }, key: K, make: (key: K) => V): V {
    let value = map.get(key);
    if (value === undefined) {
        value = make(key);
        map.set(key, value);
    }
    return value;
}
