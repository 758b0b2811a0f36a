import assert from 'node:assert/strict';
import { templatesFor } from '../../language/docs/docs-templates.js';
import { countProbeLenses, summaryText } from '../../client/probe-summary.js';

describe('status bar probe summary', () => {
    for (const locale of ['en', 'zh-tw'] as const) {
        it(`counts the server's ${locale} probe lens titles`, () => {
            const lens = templatesFor(locale).lens;
            const titles = [lens.passed('established', 14), lens.passed('rejected', 7), lens.failed('dropped at isp', 'delivered at server'), lens.unchecked('delivered', 9)];
            assert.deepEqual(countProbeLenses(titles), { passed: 2, failed: 1 });
        });
    }

    it('shows errors first, then probes as expected and not', () => {
        assert.equal(summaryText(0, { passed: 3, failed: 0 }), '$(check) 0  ✓ 3 / ✗ 0');
        assert.equal(summaryText(2, { passed: 1, failed: 1 }), '$(error) 2  ✓ 1 / ✗ 1');
    });
});
