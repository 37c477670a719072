import type { Page } from 'playwright-core';
import type { TenantServer } from '../../src/node';
import { defaultTenant, executePath, keys, startTenant } from '../helpers/tenant';
import { closePage, launchChromium, screenshots, type Browser } from './browser';

// The inspection page in a real Chromium: what a frontend developer sees at GET /_mock/.

jest.setTimeout(60_000);

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

interface Opened {
  page: Page;
  url: string;
  tenant: TenantServer;
  /** Console errors and uncaught exceptions, and every URL the page requested. */
  errors: string[];
  requests: string[];
  /** The text of every answer the page received. */
  bodies: Promise<string>[];
}

async function open(limits?: { executions: number; records: number }): Promise<Opened> {
  const { tenant, url } = await startTenant(limits ? { tenant: { ...defaultTenant(), limits } } : {});
  const page = await browser.newPage();
  const opened: Opened = { page, url, tenant, errors: [], requests: [], bodies: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') opened.errors.push(message.text());
  });
  page.on('pageerror', (error) => opened.errors.push(error.message));
  page.on('request', (request) => opened.requests.push(request.url()));
  page.on('response', (response) => {
    if (!response.headers()['content-type']?.startsWith('text/event-stream')) opened.bodies.push(response.text().catch(() => ''));
  });
  await page.goto(`${url}/_mock/`);
  await page.getByText('Live:').waitFor();
  return opened;
}

async function shut({ page, tenant }: Opened): Promise<void> {
  await closePage(page);
  await tenant.close();
}

const send = (url: string, format: 'json' | 'xml', body: string) =>
  fetch(`${url}${executePath}?extension=${format === 'json' ? 'MyTestWebhook' : 'MyXmlWebhook'}`, {
    method: 'POST',
    headers: { Authorization: keys.header, 'Content-Type': `application/${format}`, 'X-Trace': 'page-test' },
    body,
  }).then((res) => res.status);

const jsonCall = '{"Subject":"Printer out of toner","Description":"Floor 3","Priority":"3"}';
const xmlCall = '<Incident><Subject>Disk full</Subject><Priority>1</Priority></Incident>';

test('loads with no console error, only from this server, and says how to send a first call', async () => {
  const opened = await open();
  try {
    const { page, url } = opened;
    await page.locator('#executions-empty').waitFor();
    expect(await page.locator('#executions-table').isVisible()).toBe(false);
    const firstCall = await page.locator('#first-call').textContent();
    expect(firstCall).toContain(`curl -i '${url}${executePath}?extension=MyTestWebhook'`);
    expect(firstCall).toContain('$ISM_API_KEY');
    expect(await page.locator('#webhooks tbody tr').allTextContents()).toEqual([
      'MyTestWebhookJSONactiveCreate Incident from JSON',
      'MyXmlWebhookXMLactiveCreate Incident from XML',
      'NonExistentWebhookJSONdeactivatedCreate Incident from JSON',
    ]);
    expect(await page.locator('#fault-rules-empty').isVisible()).toBe(true);
    expect(await page.locator('#first-fault-rule').textContent()).toContain(`curl -X POST ${url}/_mock/faults -d `);
    await screenshots(page, 'empty');
    expect(opened.errors).toEqual([]);
    expect(opened.requests.length).toBeGreaterThanOrEqual(4);
    expect(opened.requests.filter((request) => new URL(request).origin !== url)).toEqual([]);
  } finally {
    await shut(opened);
  }
});

test('a call sent after load appears live, without a reload', async () => {
  const opened = await open();
  try {
    const { page, url } = opened;
    let navigations = 0;
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations++;
    });
    expect(await send(url, 'json', jsonCall)).toBe(200);
    const row = page.locator('#executions-table tbody tr[data-id="1"]');
    await row.waitFor();
    expect(await row.locator('td').allTextContents()).toEqual([
      expect.stringMatching(/^\d\d:\d\d:\d\d\.\d{3}$/),
      'POST',
      'MyTestWebhook',
      'executed',
      '200',
      expect.stringMatching(/^\d+ ms$/),
      `integration …${keys.active.slice(-4)}`,
      '',
      'Open',
    ]);
    expect(await send(url, 'xml', xmlCall)).toBe(200);
    await page.locator('#executions-table tbody tr[data-id="2"]').waitFor();
    expect(await page.locator('#executions-table tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-id')))).toEqual([
      '2',
      '1',
    ]);
    expect(await page.locator('#records-by-object h3').allTextContents()).toEqual(['Incident (2)']);
    expect(navigations).toBe(0);
    expect(opened.errors).toEqual([]);
    await screenshots(page, 'live');
  } finally {
    await shut(opened);
  }
});

test('opening an execution shows the redacted headers, the body, the answer, the record and a curl line', async () => {
  const opened = await open();
  try {
    const { page, url } = opened;
    await send(url, 'json', jsonCall);
    await send(url, 'xml', xmlCall);
    // By keyboard: focus the row's button and press Enter; Escape closes and focus comes back.
    const openFirst = page.getByRole('button', { name: 'Open execution 1' });
    await openFirst.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Execution 1' });
    await dialog.locator('#curl').waitFor();
    const headers = Object.fromEntries(
      (await dialog
        .locator('#request-headers tbody tr')
        .evaluateAll((rows) => rows.map((row) => [...row.children].map((cell) => cell.textContent)))) as [string, string][],
    );
    expect(headers).toMatchObject({
      Authorization: `rest_api_key=…${keys.active.slice(-4)}`,
      'Content-Type': 'application/json',
      'X-Trace': 'page-test',
    });
    expect(await dialog.locator('#request-body').textContent()).toBe(JSON.stringify(JSON.parse(jsonCall), null, 2));
    expect(await dialog.locator('#answer-body').textContent()).toBe(JSON.stringify({ status: 'executed' }, null, 2));
    expect(await dialog.locator('#record tbody tr').allTextContents()).toEqual(
      expect.arrayContaining(['Business objectIncident', 'SubjectPrinter out of toner', 'SymptomFloor 3', 'Priority3']),
    );
    // The record's OData URL, which reads it back with the key.
    const odataUrl = await dialog.locator('#record-odata').getAttribute('href');
    const [record] = opened.tenant.tenant.records('Incident');
    expect(odataUrl).toBe(`${url}/api/odata/businessobject/incidents('${record?.recId}')`);
    const readBack = await fetch(odataUrl as string, { headers: { Authorization: keys.header } });
    expect(((await readBack.json()) as { RecId: string }).RecId).toBe(record?.recId);
    expect(await dialog.locator('#curl').textContent()).toBe(
      `curl -i '${url}${executePath}?extension=MyTestWebhook' -H "Authorization: rest_api_key=$ISM_API_KEY" -H 'Content-Type: application/json' --data-binary '${jsonCall}'`,
    );
    await screenshots(page, 'execution', 1500);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await openFirst.evaluate((button) => button === button.ownerDocument.activeElement)).toBe(true);

    await page.getByRole('button', { name: 'Open execution 2' }).click();
    const xml = page.getByRole('dialog', { name: 'Execution 2' }).locator('#request-body');
    await xml.waitFor();
    expect(await xml.textContent()).toBe('<Incident>\n  <Subject>Disk full</Subject>\n  <Priority>1</Priority>\n</Incident>');
    expect(opened.errors).toEqual([]);
  } finally {
    await shut(opened);
  }
});

test('the full key appears nowhere in the page, even when a caller puts it in a header or the body', async () => {
  const opened = await open();
  try {
    const { page, url } = opened;
    const leaky = JSON.stringify({ Subject: 'leak', Description: `key is ${keys.active}` });
    await fetch(`${url}${executePath}?extension=MyTestWebhook`, {
      method: 'POST',
      headers: { Authorization: keys.header, 'Content-Type': 'application/json', 'X-Copy-Of-Key': keys.active },
      body: leaky,
    });
    await page.getByRole('button', { name: 'Open execution 1' }).click();
    await page.locator('#curl').waitFor();
    expect(await page.locator('#request-body').textContent()).toContain(`key is …${keys.active.slice(-4)}`);
    await page.reload();
    await page.locator('#executions-table tbody tr[data-id="1"]').waitFor();
    const seen = [await page.content(), ...(await Promise.all(opened.bodies))].join('\n');
    expect(seen).toContain(`…${keys.active.slice(-4)}`);
    for (const key of [keys.active, keys.deactivated]) expect(seen).not.toContain(key);
  } finally {
    await shut(opened);
  }
});

test('clear buttons empty executions and records, here and on the server', async () => {
  const opened = await open();
  try {
    const { page, url } = opened;
    await send(url, 'json', jsonCall);
    await page.locator('#executions-table tbody tr[data-id="1"]').waitFor();
    await page.getByRole('button', { name: 'Clear executions' }).click();
    await page.locator('#executions-empty').waitFor();
    expect(opened.tenant.tenant.executions()).toEqual([]);
    expect(await page.locator('#records-by-object h3').allTextContents()).toEqual(['Incident (1)']);
    await page.getByRole('button', { name: 'Clear records' }).click();
    await page.locator('#records-empty').waitFor();
    expect(opened.tenant.tenant.records()).toEqual([]);
    await screenshots(page, 'cleared');
    // Cleared elsewhere (the API): the open page follows.
    await send(url, 'json', jsonCall);
    await page.locator('#executions-table tbody tr[data-id="2"]').waitFor();
    await fetch(`${url}/_mock/executions`, { method: 'DELETE' });
    await page.locator('#executions-empty').waitFor();
    expect(opened.errors).toEqual([]);
  } finally {
    await shut(opened);
  }
});

test('keyboard: focus moves through the controls in reading order, each with a name', async () => {
  const opened = await open();
  try {
    const { page, url } = opened;
    await send(url, 'json', jsonCall);
    await page.locator('#executions-table tbody tr[data-id="1"]').waitFor();
    const focused: string[] = [];
    await page.locator('#calls-table tbody tr[data-id="1"]').waitFor();
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      focused.push(
        (await page.evaluate('document.activeElement.getAttribute("aria-label") || document.activeElement.textContent')) as string,
      );
    }
    expect(focused).toEqual([
      'Skip to calls',
      'Clear calls',
      'Show execution 1 (call 1)',
      'Clear executions',
      'Open execution 1',
      'Clear records',
    ]);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(opened.errors).toEqual([]);
  } finally {
    await shut(opened);
  }
});

test('the page keeps no more than the tenant does', async () => {
  const opened = await open({ executions: 3, records: 2 });
  try {
    const { page, url } = opened;
    for (let i = 1; i <= 5; i++) expect(await send(url, 'json', `{"Subject":"call ${i}"}`)).toBe(200);
    await page.locator('#executions-table tbody tr[data-id="5"]').waitFor();
    expect(await page.locator('#executions-table tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-id')))).toEqual([
      '5',
      '4',
      '3',
    ]);
    expect(await page.locator('#records-by-object h3').allTextContents()).toEqual(['Incident (2)']);
    expect(await page.locator('#records-by-object tbody tr td:nth-child(3)').allTextContents()).toEqual(['call 5', 'call 4']);
  } finally {
    await shut(opened);
  }
});

test('every call appears live, a refused one too; a call whose Action ran links to its execution', async () => {
  const opened = await open();
  try {
    const { page, url } = opened;
    const wrongKey = `rest_api_key=${'W'.repeat(28)}0000`;
    const refused = await fetch(`${url}${executePath}?extension=MyTestWebhook`, {
      method: 'POST',
      headers: { Authorization: wrongKey, 'Content-Type': 'application/json' },
      body: jsonCall,
    });
    expect(refused.status).toBe(401);
    const row = page.locator('#calls-table tbody tr[data-id="1"]');
    await row.waitFor();
    expect(await row.locator(':scope > td').allTextContents()).toEqual([
      expect.stringMatching(/^\d\d:\d\d:\d\d\.\d{3}$/),
      'POST',
      executePath,
      'MyTestWebhook',
      'invalidApiKey',
      '401',
      expect.stringMatching(/^\d+ ms$/),
      '',
      '',
      expect.stringMatching(/^Headers/),
    ]);
    await row.getByText('Headers').click();
    expect(await row.locator('details tr').allTextContents()).toEqual(
      expect.arrayContaining(['Authorization[redacted]', 'Content-Typeapplication/json']),
    );
    expect(await send(url, 'json', jsonCall)).toBe(200);
    const ran = page.locator('#calls-table tbody tr[data-id="2"]');
    await ran.waitFor();
    expect(await ran.locator('td').nth(4).textContent()).toBe('executed');
    expect(await ran.locator('td').nth(7).textContent()).toBe(`…${keys.active.slice(-4)}`);
    await screenshots(page, 'calls');
    await page.getByRole('button', { name: 'Show execution 1 (call 2)' }).click();
    const dialog = page.getByRole('dialog', { name: 'Execution 1' });
    await dialog.locator('#record').waitFor();
    expect(await dialog.locator('#record tbody tr').allTextContents()).toEqual(expect.arrayContaining(['SubjectPrinter out of toner']));
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Clear calls' }).click();
    await page.locator('#calls-empty').waitFor();
    expect(await (await fetch(`${url}/_mock/calls`)).json()).toEqual({ calls: [] });
    expect(await page.content()).not.toContain('W'.repeat(28));
    expect(opened.errors).toEqual([]);
  } finally {
    await shut(opened);
  }
});

test('fault rules added while the page is open appear live, the calls they hit name them, and deleted ones go', async () => {
  const opened = await open();
  try {
    const { page, url } = opened;
    const post = (rule: object) =>
      fetch(`${url}/_mock/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(rule) }).then(
        (res) => res.status,
      );
    expect(
      await post({
        name: 'gateway down',
        match: { extension: 'MyTestWebhook' },
        times: 5,
        answer: { status: 503, body: 'x'.repeat(5000) },
      }),
    ).toBe(201);
    expect(
      await post({
        name: 'slow XML',
        match: { extension: 'MyXmlWebhook', key: 'integration' },
        probability: 1,
        latency: { minMs: 1, maxMs: 5 },
      }),
    ).toBe(201);
    const rules = page.locator('#fault-rules-table tbody tr');
    const cells = () => rules.evaluateAll((rows) => rows.map((row) => [...row.children].map((cell) => cell.textContent)));
    await page.locator('#fault-rules-table tbody tr[data-id="f2"]').waitFor();
    expect(await cells()).toEqual([
      ['gateway down (f1)', 'extension MyTestWebhook', 'answer 503', '100 %', '0', '5'],
      ['slow XML (f2)', 'extension MyXmlWebhook, key integration', 'latency 1 to 5 ms', '100 %', '0', 'no limit'],
    ]);
    expect(await page.locator('#fault-rules-count').textContent()).toBe('(2)');

    expect(await send(url, 'json', jsonCall)).toBe(503);
    expect(await send(url, 'xml', xmlCall)).toBe(200);
    const refused = page.locator('#calls-table tbody tr[data-id="1"]');
    await page.locator('#executions-table tbody tr[data-id="1"]').waitFor();
    await refused.waitFor();
    expect(await refused.locator(':scope > td').nth(4).textContent()).toBe('fault:gateway down');
    expect(await refused.locator(':scope > td.fault-rule-column').textContent()).toBe('gateway down');
    expect(await refused.locator(':scope > td.fault-rule-column').isVisible()).toBe(true);
    expect(await page.locator('#executions-table tbody tr[data-id="1"] td.fault-rule-column').textContent()).toBe('slow XML');
    await page.locator('#fault-rules-table tr[data-id="f1"] td:nth-child(5)', { hasText: /^1$/ }).waitFor();
    expect((await cells()).map((row) => row.slice(4))).toEqual([
      ['1', '4'],
      ['1', 'no limit'],
    ]);
    expect(await page.content()).not.toContain('x'.repeat(100));
    await screenshots(page, 'fault-rules');

    // A rule behind one that always decides first: the row says so, until it is deleted.
    expect(await post({ match: { extension: 'MyXmlWebhook', key: 'integration' }, latency: { ms: 5 }, answer: { status: 503 } })).toBe(201);
    await page.locator('#fault-rules-table tbody tr[data-id="f3"]').waitFor();
    expect((await cells())[2]?.[2]).toBe(
      "latency 5 ms, then answer 503Never applies: f2 ('slow XML') matches every call it matches, always, and decides first.",
    );
    expect(await page.locator('#fault-rules-table tbody tr[data-id="f3"] p.bad').isVisible()).toBe(true);
    expect((await fetch(`${url}/_mock/faults/f3`, { method: 'DELETE' })).status).toBe(204);
    await page.locator('#fault-rules-table tbody tr[data-id="f3"]').waitFor({ state: 'detached' });

    expect((await fetch(`${url}/_mock/faults/f1`, { method: 'DELETE' })).status).toBe(204);
    await page.locator('#fault-rules-table tbody tr[data-id="f1"]').waitFor({ state: 'detached' });
    expect(await cells()).toEqual([
      ['slow XML (f2)', 'extension MyXmlWebhook, key integration', 'latency 1 to 5 ms', '100 %', '1', 'no limit'],
    ]);
    expect((await fetch(`${url}/_mock/faults`, { method: 'DELETE' })).status).toBe(204);
    await page.locator('#fault-rules-empty').waitFor();
    expect(await page.locator('#fault-rules-table').isVisible()).toBe(false);
    expect(await page.locator('#fault-rules-count').textContent()).toBe('(0)');
    expect(opened.errors).toEqual([]);
  } finally {
    await shut(opened);
  }
});

test('Calls show the path, and a deactivated key apart from an unknown one; record headings do not break inside a word', async () => {
  const opened = await open();
  try {
    const { page, url } = opened;
    const post = (path: string, authorization: string) =>
      fetch(`${url}${path}`, {
        method: 'POST',
        headers: { Authorization: authorization, 'Content-Type': 'application/json' },
        body: jsonCall,
      });
    expect((await post('/api/rest/Other', keys.header)).status).toBe(404);
    expect((await post(`${executePath}?extension=MyTestWebhook`, keys.deactivatedHeader)).status).toBe(401);
    expect((await post(`${executePath}?extension=MyTestWebhook`, `rest_api_key=${'U'.repeat(28)}0000`)).status).toBe(401);
    const cells = async (id: number): Promise<string[]> => {
      const row = page.locator(`#calls-table tbody tr[data-id="${id}"]`);
      await row.waitFor();
      return row.locator(':scope > td').allTextContents();
    };
    expect((await cells(1)).slice(1, 5)).toEqual(['POST', '/api/rest/Other', '', 'not-found']);
    const name = defaultTenant().apiKeys.find((key) => !key.activated)?.name;
    expect((await cells(2)).slice(3, 8)).toEqual([
      'MyTestWebhook',
      'invalidApiKey',
      '401',
      expect.stringMatching(/ ms$/),
      `…${keys.deactivated.slice(-4)} deactivated: ${name}`,
    ]);
    expect((await cells(3))[7]).toBe('');

    // A record whose field names are long single words: each heading stays on one line.
    const fields = { Symptom: 'x', Subject: 'y', Description: 'z', Priority: '3', Category: 'c', Urgency: 'u', Impact: 'i' };
    await page.setViewportSize({ width: 480, height: 800 });
    expect(await send(url, 'json', JSON.stringify(fields))).toBe(200);
    const headings = page.locator('#records-by-object thead th');
    await page.locator('#records-by-object thead th', { hasText: 'Symptom' }).waitFor();
    for (const heading of await headings.all()) {
      // Lines of the heading's text: its boxes' distinct tops.
      const lines = await heading.evaluate((element) => {
        const range = element.ownerDocument.createRange();
        range.selectNodeContents(element);
        return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
      });
      expect({ heading: await heading.textContent(), lines }).toEqual({ heading: await heading.textContent(), lines: 1 });
    }
    expect(opened.errors).toEqual([]);
  } finally {
    await shut(opened);
  }
});
