// Langium 4 calls Object.groupBy, which Node 20 lacks (VS Code <= 1.100 runs extensions on Node 20).
if (typeof Object.groupBy !== 'function') {
    Object.groupBy = function groupBy(items, keyOf) {
        const groups = Object.create(null);
        let index = 0;
        for (const item of items) {
            const key = keyOf(item, index++);
            (groups[key] ??= []).push(item);
        }
        return groups;
    };
}
