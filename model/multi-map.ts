/** Appends `value` to the list kept under `key`: the one-to-many indexes every layer builds over the model. */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
    const list = map.get(key);
    if (list) {
        list.push(value);
    } else {
        map.set(key, [value]);
    }
}
