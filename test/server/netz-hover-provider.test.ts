import assert from 'node:assert/strict';
import { expectHover } from 'langium/test';
import type { DocLocale } from '../../language/docs/docs-lookup.js';
import { docFor } from '../../language/docs/docs-lookup.js';
import { services } from './server-fixture.js';

/** One document, a hover marker per kind of token; each marker's expected hover in both languages. */
const TEXT = `host docker-host {
  sysctl net.ipv4.<|>ip_forward = 1
  bridge b<|>r0 { address 192.168.31.1/24 }
  nic eth0 { address 203.0.113.86/24 }
  ve<|>th veth1 peer c1.ve<|>th0 { master br0 }
  route default via 203.0.113.1
  ipt<|>ables {
    *n<|>at
    -A POSTROUTING -s 192.168.31.0/24 -o eth0 -j MASQ<|>UERADE
    -A POSTROUTING -s 192.1<|>68.31.0/24 -o et<|>h0 -j MASQUERADE
    COMMIT
    *filter
    -A FORWARD -m con<|>ntrack --ct<|>state ESTABLISHED -j ACCEPT
    -A FORWARD -p tcp --dp<|>ort 22 -j DROP
    -A FORWARD -j LOGDROP
    :LOG<|>DROP - [0:0]
    COMMIT
  }
  netns c1 { veth veth0 { address 192.168.31.<|>10/24 } route default via 192.168.31.1 }
}
probe c1-p<|>ing from c1 to 203.0.113.86 expect estab<|>lished
probe c1-drop from c1 to 203.0.113.86 expect dropped at docker-host fil<|>ter FORW<|>ARD
`;

type Expected = (locale: DocLocale) => string | RegExp;
const doc = (key: string): Expected => locale => docFor(key, locale)!;
const both = (en: RegExp, zh: RegExp): Expected => locale => (locale === 'en' ? en : zh);

const CASES: [string, Expected][] = [
    ['sysctl key', locale => new RegExp(`^${escape(docFor('sysctl:net.ipv4.ip_forward', locale)!)}\\n\\n\`net.ipv4.ip_forward = 1\` \\(${locale === 'en' ? 'written here' : '在此設定'}\\)$`)],
    ['bridge name', both(/^\*\*docker-host\.br0\*\*[\s\S]*- Kind: `bridge`[\s\S]*- Addresses: 192\.168\.31\.1\/24[\s\S]*Routes through it: `192\.168\.31\.0\/24 dev br0`/,
        /^\*\*docker-host\.br0\*\*[\s\S]*- 類型：`bridge`[\s\S]*- 位址：192\.168\.31\.1\/24[\s\S]*經由它的路由：`192\.168\.31\.0\/24 dev br0`/)],
    ['interface kind keyword', doc('keyword:veth')],
    ['NS.IF reference', both(/^\*\*c1\.veth0\*\*[\s\S]*- Namespace: `c1`[\s\S]*- Addresses: 192\.168\.31\.10\/24[\s\S]*- Peer: `docker-host\.veth1`/,
        /^\*\*c1\.veth0\*\*[\s\S]*- 命名空間：`c1`[\s\S]*- 對端：`docker-host\.veth1`/)],
    ['iptables block keyword', doc('keyword:iptables')],
    ['table header', doc('table:nat')],
    ['target', doc('target:MASQUERADE')],
    ['rule line', both(/^Packets from 192\.168\.31\.0\/24 leaving through eth0 get eth0's address as their source\.\n\nRuns in table `nat`, chain `POSTROUTING`, at hook `POSTROUTING`\.\n\n\*\*Analysis\*\*\n\n- \w+ `rule-(redundant|shadowed)`/,
        /^來源為 192\.168\.31\.0\/24、從 eth0 送出的封包的來源位址改為 eth0 的位址。\n\n在 `nat` 表的 `POSTROUTING` 鏈執行，位於 Hook `POSTROUTING`。\n\n\*\*分析\*\*\n\n- \w+ `rule-(redundant|shadowed)`/)],
    ['interface in a rule', both(/^\*\*docker-host\.eth0\*\*[\s\S]*- Addresses: 203\.0\.113\.86\/24/, /^\*\*docker-host\.eth0\*\*[\s\S]*- 位址：203\.0\.113\.86\/24/)],
    ['match module', doc('match:conntrack')],
    ['module option', doc('option:conntrack:ctstate')],
    ['implicit tcp option', doc('option:tcp:dport')],
    ['user chain', both(/^\*\*filter LOGDROP\*\* · 0 rules · jumped to from `FORWARD`$/, /^\*\*filter LOGDROP\*\* · 0 條規則 · 由 `FORWARD` 跳入$/)],
    ['address', both(/^`192\.168\.31\.10` is an address of `c1\.veth0`, in subnet `192\.168\.31\.0\/24`\.$/, /^`192\.168\.31\.10` 是 `c1\.veth0` 的位址，位於子網路 `192\.168\.31\.0\/24`。$/)],
    ['probe name', both(/^\*\*probe c1-ping\*\*\n\n▶ Trace · ✓ established, \d+ steps\n\ndelivered to a local socket/,
        /^\*\*probe c1-ping\*\*\n\n▶ 追蹤 · ✓ established，\d+ 步\n\n模擬器的說明（僅有英文）：delivered to a local socket/)],
    ['probe outcome', doc('outcome:established')],
    ['expected table', doc('table:filter')],
    ['expected chain', doc('chain:filter:FORWARD')]
];

function escape(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

for (const locale of ['en', 'zh-tw'] as const) {
    describe(`hover (${locale})`, () => {
        before(() => {
            services.settings.locale = locale;
        });
        after(() => {
            services.settings.locale = 'en';
        });
        it('has a case for every marker', () => {
            assert.equal(TEXT.split('<|>').length - 1, CASES.length);
        });
        CASES.forEach(([name, expected], index) => {
            it(name, async () => {
                await expectHover(services)({ text: TEXT, index, hover: expected(locale) });
            });
        });
    });
}
