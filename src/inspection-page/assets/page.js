// The inspection page: plain DOM, no library, no build. Everything shown is set with textContent,
// never parsed as HTML, because request bodies and headers come from whoever called the tenant.
// Data: one EventSource (`events`: a snapshot, then what changed) and one fetch per opened execution.
// Two lists: calls (every answer, from the call journal) and executions (the calls whose Action ran).

const $ = (id) => document.getElementById(id);

/** An element with properties and children (strings become text nodes). */
function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (name === 'class') el.className = value;
    else if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value);
  }
  for (const child of children) if (child !== null && child !== undefined) el.append(child);
  return el;
}

const state = { tenant: null, rows: [], ids: new Set(), calls: [], callIds: new Set(), records: [], limit: 1000, recordLimit: 1000 };

/** As many calls as the page keeps (the server's journal is bounded too). */
const callLimit = 1000;

// ---------- formatting ----------

const shellQuote = (text) => `'${text.replace(/'/g, `'\\''`)}'`;
const headerValue = (headers, name) => headers.find(([n]) => n.toLowerCase() === name)?.[1];
const timeOf = (iso) => iso.slice(11, 23);
/** The record's OData URL (ISM "Get a Business Object by RecID"), under the tenant's base path: the page is at {base}/_mock/. */
const recordUrl = (record) =>
  new URL(`../api/odata/businessobject/${record.businessObject.toLowerCase()}s('${record.recId}')`, location.href).href;
const executeUrl = (extension) => `${location.origin}${state.tenant.executePath}?extension=${encodeURIComponent(extension)}`;

/** A curl command that sends the same call; the key stays in the shell's $ISM_API_KEY. */
function curlLine(extension, contentType, body) {
  const parts = ['curl -i', shellQuote(executeUrl(extension)), '-H "Authorization: rest_api_key=$ISM_API_KEY"'];
  if (contentType) parts.push(`-H ${shellQuote(`Content-Type: ${contentType}`)}`);
  parts.push(`--data-binary ${shellQuote(body)}`);
  return parts.join(' ');
}

function prettyJson(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** Indents XML element by element; anything unusual (comments, CDATA) is shown as received. */
function prettyXml(text) {
  if (/<!--|<!\[CDATA\[/.test(text)) return text;
  const tokens = text
    .replace(/>\s+</g, '><')
    .split(/(<[^>]+>)/)
    .filter((token) => token.trim() !== '');
  const lines = [];
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const pad = '  '.repeat(depth);
    if (token.startsWith('</')) {
      depth = Math.max(0, depth - 1);
      lines.push('  '.repeat(depth) + token);
    } else if (token.startsWith('<') && !/^<[?!]/.test(token) && !token.endsWith('/>')) {
      const [text, close] = [tokens[i + 1], tokens[i + 2]];
      if (text !== undefined && !text.startsWith('<') && close?.startsWith('</')) {
        lines.push(pad + token + text + close);
        i += 2;
      } else {
        lines.push(pad + token);
        depth++;
      }
    } else {
      lines.push(pad + token.trim());
    }
  }
  return lines.join('\n');
}

// ---------- tenant ----------

function renderTenant(tenant) {
  state.tenant = tenant;
  state.limit = tenant.limits.executions;
  state.recordLimit = tenant.limits.records;
  $('tenant-name').textContent = tenant.name;
  document.title = `Inspection: ${tenant.name}`;
  $('webhooks').tBodies[0].replaceChildren(
    ...tenant.webhooks.map((webhook) =>
      h(
        'tr',
        {},
        h('td', {}, h('code', {}, webhook.extension)),
        h('td', {}, webhook.format.toUpperCase()),
        h('td', {}, state_(webhook.active, 'active', 'deactivated')),
        h('td', {}, webhook.action),
      ),
    ),
  );
  $('keys').tBodies[0].replaceChildren(
    ...tenant.apiKeys.map((key) =>
      h(
        'tr',
        {},
        h('td', {}, key.name),
        h('td', {}, h('code', {}, key.hint)),
        h('td', {}, state_(key.activated, 'activated', 'deactivated')),
      ),
    ),
  );
  const webhook = tenant.webhooks.find((w) => w.active && w.format === 'json') ?? tenant.webhooks.find((w) => w.active);
  const key = tenant.apiKeys.find((k) => k.activated);
  $('first-call').textContent = webhook
    ? `export ISM_API_KEY=...   # the Reference ID of key '${key?.name ?? '?'}' (${key?.hint ?? '?'})\n` +
      (webhook.format === 'json'
        ? curlLine(webhook.extension, 'application/json', '{"Subject":"First call","Priority":"3"}')
        : curlLine(webhook.extension, 'application/xml', '<Incident><Subject>First call</Subject></Incident>'))
    : 'This tenant has no active webhook: add one to the tenant file.';
  $('first-fault-rule').textContent = `curl -X POST ${location.origin}/_mock/faults -d '{"name":"slow","latency":{"ms":300}}'`;
  renderFaultRules(tenant.faultRules, tenant.faultRules.length);
}

function state_(on, yes, no) {
  return h('span', { class: on ? 'badge ok' : 'badge off' }, on ? yes : no);
}

// ---------- fault rules ----------

/** What a rule matches, in words: every call, or its extension, method and key. */
function matchInWords(match) {
  if (!match) return 'every call';
  const parts = [];
  if (match.extension !== undefined) parts.push(`extension ${match.extension}`);
  if (match.method !== undefined) parts.push(`method ${match.method}`);
  if (match.key !== undefined) parts.push(`key ${match.key}`);
  return parts.length === 0 ? 'every call' : parts.join(', ');
}

function faultRuleRow(rule) {
  return h(
    'tr',
    { 'data-id': rule.id },
    h('td', {}, rule.name ?? rule.id, rule.name === undefined ? null : h('span', { class: 'muted' }, ` (${rule.id})`)),
    h('td', {}, matchInWords(rule.match)),
    h(
      'td',
      {},
      rule.effect,
      rule.shadowedBy === undefined
        ? null
        : h('p', { class: 'bad' }, `Never applies: ${rule.shadowedBy} matches every call it matches, always, and decides first.`),
    ),
    h('td', { class: 'number' }, `${Math.round(rule.probability * 1000) / 10} %`),
    h('td', { class: 'number' }, String(rule.hits)),
    h('td', { class: 'number' }, rule.remaining === undefined ? 'no limit' : String(rule.remaining)),
  );
}

/** The active rules, as the server has them now (sent whole on every change). */
function renderFaultRules(rules, total) {
  $('fault-rules-table').tBodies[0].replaceChildren(...rules.map(faultRuleRow));
  $('fault-rules-table').hidden = rules.length === 0;
  $('fault-rules-empty').hidden = rules.length > 0;
  $('fault-rules-count').textContent = `(${total})`;
  $('fault-rules-note').textContent =
    total > rules.length ? `${total - rules.length} more are active: GET /_mock/faults lists them all.` : '';
}

// ---------- executions ----------

function executionRow(row) {
  const open = h(
    'button',
    { type: 'button', class: 'open', 'aria-label': `Open execution ${row.id}`, onclick: () => openExecution(row.id) },
    'Open',
  );
  return h(
    'tr',
    { 'data-id': String(row.id) },
    h('td', {}, h('time', { datetime: row.receivedAt, title: row.receivedAt }, timeOf(row.receivedAt))),
    h('td', {}, row.method),
    h('td', {}, h('code', {}, row.extension)),
    h('td', {}, row.answer),
    h('td', {}, h('span', { class: row.status < 300 ? 'status ok' : 'status bad' }, String(row.status))),
    h('td', { class: 'number' }, `${row.durationMs} ms`),
    h('td', {}, h('span', { title: row.keyName }, `${row.keyName} `), h('code', {}, row.keyHint)),
    h('td', { class: 'fault-rule-column' }, row.faultRule ?? ''),
    h('td', {}, open),
  );
}

/** Adds rows (newest first) above the ones shown, keeping at most the tenant's log size. */
function addExecutions(rows) {
  const fresh = rows.filter((row) => !state.ids.has(row.id)).sort((a, b) => b.id - a.id);
  if (fresh.length === 0) return;
  const body = $('executions-table').tBodies[0];
  body.prepend(...fresh.map(executionRow));
  for (const row of fresh) state.ids.add(row.id);
  state.rows = [...fresh, ...state.rows];
  while (state.rows.length > state.limit) {
    state.ids.delete(state.rows.pop().id);
    body.lastElementChild?.remove();
  }
  if (fresh.some((row) => row.faultRule !== undefined)) $('executions-table').classList.add('has-fault-rules');
  addRecords(fresh.map((row) => row.record).filter(Boolean));
  showExecutionCount();
}

function clearExecutions() {
  state.rows = [];
  state.ids.clear();
  $('executions-table').tBodies[0].replaceChildren();
  $('executions-note').textContent = '';
  showExecutionCount();
}

function showExecutionCount() {
  const n = state.rows.length;
  $('executions-count').textContent = `(${n})`;
  $('executions-empty').hidden = n > 0;
  $('executions-table').hidden = n === 0;
  $('clear-executions').disabled = n === 0;
}

// ---------- calls ----------

/** A call whose Action did not run has no execution to open: its redacted headers fold out in place. */
function callHeaders(call) {
  return h(
    'details',
    { class: 'call-headers' },
    h('summary', { 'aria-label': `Headers of call ${call.id}` }, 'Headers'),
    h(
      'table',
      {},
      h('tbody', {}, ...call.requestHeaders.map(([name, value]) => h('tr', {}, h('td', {}, name), h('td', {}, h('code', {}, value))))),
    ),
  );
}

function callRow(call) {
  const execution =
    call.executionId === undefined
      ? call.requestHeaders.length === 0
        ? ''
        : callHeaders(call)
      : h(
          'button',
          {
            type: 'button',
            class: 'open',
            'aria-label': `Show execution ${call.executionId} (call ${call.id})`,
            onclick: () => openExecution(call.executionId),
          },
          `Execution ${call.executionId}`,
        );
  return h(
    'tr',
    { 'data-id': String(call.id) },
    h('td', {}, h('time', { datetime: call.time, title: call.time }, timeOf(call.time))),
    h('td', {}, call.method),
    h('td', {}, h('code', {}, call.path)),
    h('td', {}, call.extension === undefined ? '' : h('code', {}, call.extension)),
    h('td', {}, call.answer),
    h(
      'td',
      {},
      h(
        'span',
        { class: call.status > 0 && call.status < 300 ? 'status ok' : 'status bad' },
        call.status === 0 ? 'none' : String(call.status),
      ),
    ),
    h('td', { class: 'number' }, `${Math.round(call.durationMs)} ms`),
    h('td', {}, keyCell(call)),
    h('td', { class: 'fault-rule-column' }, call.faultRule ?? ''),
    h('td', {}, execution),
  );
}

/**
 * The key a call carried, by its hint. A refused call has one only when the key is the tenant's
 * but deactivated (an unknown key has none): named so, as the Tenant table shows it.
 */
function keyCell(call) {
  if (call.keyHint === undefined) return '';
  if (call.status !== 401) return h('code', {}, call.keyHint);
  const key = state.tenant?.apiKeys.find((each) => each.hint === call.keyHint && !each.activated);
  return h(
    'span',
    {},
    h('code', {}, call.keyHint),
    ' ',
    h('span', { class: 'badge off' }, key ? `deactivated: ${key.name}` : 'deactivated'),
  );
}

/** Adds calls (newest first) above the ones shown, keeping at most `callLimit`. */
function addCalls(calls) {
  const fresh = calls.filter((call) => !state.callIds.has(call.id)).sort((a, b) => b.id - a.id);
  if (fresh.length === 0) return;
  const body = $('calls-table').tBodies[0];
  body.prepend(...fresh.map(callRow));
  for (const call of fresh) state.callIds.add(call.id);
  state.calls = [...fresh, ...state.calls];
  while (state.calls.length > callLimit) {
    state.callIds.delete(state.calls.pop().id);
    body.lastElementChild?.remove();
  }
  if (fresh.some((call) => call.faultRule !== undefined)) $('calls-table').classList.add('has-fault-rules');
  showCallCount();
}

function clearCalls() {
  state.calls = [];
  state.callIds.clear();
  $('calls-table').tBodies[0].replaceChildren();
  $('calls-note').textContent = '';
  showCallCount();
}

function showCallCount() {
  const n = state.calls.length;
  $('calls-count').textContent = `(${n})`;
  $('calls-empty').hidden = n > 0;
  $('calls-table').hidden = n === 0;
  $('clear-calls').disabled = n === 0;
}

// ---------- records ----------

function addRecords(records) {
  const fresh = records.filter((record) => !state.records.some((known) => known.recId === record.recId));
  if (fresh.length === 0) return;
  state.records = [...fresh, ...state.records];
  renderRecords();
}

/** Newest first, and per business object no more than the tenant keeps. */
function renderRecords() {
  const byObject = new Map();
  for (const record of state.records) {
    if (!byObject.has(record.businessObject)) byObject.set(record.businessObject, []);
    const kept = byObject.get(record.businessObject);
    if (kept.length < state.recordLimit) kept.push(record);
  }
  state.records = [...byObject.values()].flat();
  const groups = [...byObject.entries()].map(([object, records]) => {
    const fields = [...new Set(records.flatMap((record) => Object.keys(record.fields)))];
    const headingId = `records-${object.replace(/[^A-Za-z0-9_-]/g, '_')}`;
    return h(
      'section',
      { 'aria-labelledby': headingId, class: 'object' },
      h('h3', { id: headingId }, `${object} (${records.length})`),
      h(
        'div',
        { class: 'scroll' },
        h(
          'table',
          {},
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', { scope: 'col' }, 'RecId'),
              h('th', { scope: 'col' }, 'Created (UTC)'),
              ...fields.map((field) => h('th', { scope: 'col' }, field)),
            ),
          ),
          h(
            'tbody',
            {},
            ...records.map((record) =>
              h(
                'tr',
                {},
                h('td', {}, h('code', {}, record.recId)),
                h('td', {}, timeOf(record.createdAt)),
                ...fields.map((field) => h('td', {}, record.fields[field] ?? '')),
              ),
            ),
          ),
        ),
      ),
    );
  });
  $('records-by-object').replaceChildren(...groups);
  $('records-count').textContent = `(${state.records.length})`;
  $('records-empty').hidden = state.records.length > 0;
  $('clear-records').disabled = state.records.length === 0;
}

// ---------- one execution ----------

async function openExecution(id) {
  const dialog = $('execution-dialog');
  const detail = $('execution-detail');
  $('execution-title').textContent = `Execution ${id}`;
  detail.replaceChildren(h('p', {}, 'Loading…'));
  if (!dialog.open) dialog.showModal();
  const res = await fetch(`executions/${id}`).catch(() => undefined);
  if (!res?.ok) {
    const why = res
      ? 'This execution is no longer in the log (cleared, or pushed out by newer ones).'
      : 'The tenant did not answer: is it still running?';
    detail.replaceChildren(h('p', {}, why));
    return;
  }
  const execution = await res.json();
  const contentType = headerValue(execution.requestHeaders, 'content-type');
  const body = execution.body.format === 'json' ? prettyJson(execution.body.text) : prettyXml(execution.body.text);
  const curl = curlLine(execution.extension, contentType, execution.body.text);
  const copy = h('button', { type: 'button', onclick: () => copyText(curl, copy) }, 'Copy curl command');
  const parts = [
    h(
      'p',
      { class: 'summary' },
      h('code', {}, `${execution.method} ${state.tenant.executePath}?extension=${execution.extension}`),
      ` at ${execution.receivedAt}, ${execution.durationMs} ms, key ${execution.keyName} (${execution.keyHint})`,
    ),
    execution.faultRule === undefined ? null : h('p', {}, `Fault rule: ${execution.faultRule}`),
    h('h3', {}, 'Request headers'),
    h(
      'table',
      { id: 'request-headers' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Value'))),
      h('tbody', {}, ...execution.requestHeaders.map(([name, value]) => h('tr', {}, h('td', {}, name), h('td', {}, h('code', {}, value))))),
    ),
    h('h3', {}, `Body (${execution.body.format.toUpperCase()})`),
    h('pre', { id: 'request-body', tabindex: '0', 'aria-label': 'Request body' }, h('code', {}, body)),
    h('h3', {}, 'Answer'),
    h('p', {}, h('span', { class: execution.status < 300 ? 'status ok' : 'status bad' }, String(execution.status)), ` ${execution.answer}`),
    h('pre', { id: 'answer-body', tabindex: '0', 'aria-label': 'Answer body' }, h('code', {}, prettyJson(execution.answerBody))),
    h('h3', {}, 'Record created'),
    execution.record
      ? h(
          'table',
          { id: 'record' },
          h(
            'tbody',
            {},
            h('tr', {}, h('th', { scope: 'row' }, 'Business object'), h('td', {}, execution.record.businessObject)),
            h('tr', {}, h('th', { scope: 'row' }, 'RecId'), h('td', {}, h('code', {}, execution.record.recId))),
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, 'OData'),
              h('td', {}, h('a', { id: 'record-odata', href: recordUrl(execution.record) }, recordUrl(execution.record))),
            ),
            ...Object.entries(execution.record.fields).map(([name, value]) =>
              h('tr', {}, h('th', { scope: 'row' }, name), h('td', {}, value)),
            ),
          ),
        )
      : h('p', {}, 'None.'),
    h('h3', {}, 'Reproduce'),
    h('p', {}, 'With ', h('code', {}, 'ISM_API_KEY'), ' set to the key’s Reference ID:'),
    h('pre', { id: 'curl', tabindex: '0', 'aria-label': 'curl command' }, h('code', {}, curl)),
    copy,
  ];
  detail.replaceChildren(...parts.filter(Boolean));
}

async function copyText(text, button) {
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = 'Copied';
  } catch {
    button.textContent = 'Copy failed: select the text';
  }
}

// ---------- wiring ----------

async function clear(path, button) {
  button.disabled = true;
  const res = await fetch(path, { method: 'DELETE' }).catch(() => undefined);
  if (!res?.ok) {
    button.disabled = false;
    $('connection').textContent = `Could not clear ${path}: the tenant did not answer.`;
    return;
  }
  if (path === 'executions') clearExecutions();
  if (path === 'calls') clearCalls();
  if (path === 'records') {
    state.records = [];
    renderRecords();
  }
}

function connect() {
  const events = new EventSource('events');
  const connection = $('connection');
  events.addEventListener('open', () => {
    connection.textContent = 'Live: new calls appear as they arrive.';
  });
  events.addEventListener('error', () => {
    connection.textContent = 'Disconnected from the tenant; reconnecting…';
  });
  events.addEventListener('snapshot', (event) => {
    const snapshot = JSON.parse(event.data);
    renderTenant(snapshot.tenant);
    clearExecutions();
    clearCalls();
    state.records = [];
    addExecutions(snapshot.executions);
    addCalls(snapshot.calls ?? []);
    state.records = snapshot.records;
    renderRecords();
  });
  events.addEventListener('executions', (event) => {
    const { executions, skipped } = JSON.parse(event.data);
    addExecutions(executions);
    if (skipped > 0) $('executions-note').textContent = `${skipped} more arrived too fast to list here; the newest are shown.`;
  });
  events.addEventListener('executions-cleared', () => clearExecutions());
  events.addEventListener('calls', (event) => {
    const { calls, skipped } = JSON.parse(event.data);
    addCalls(calls);
    if (skipped > 0) $('calls-note').textContent = `${skipped} more arrived too fast to list here; the newest are shown.`;
  });
  events.addEventListener('calls-cleared', () => clearCalls());
  events.addEventListener('faults', (event) => {
    const { faultRules, total } = JSON.parse(event.data);
    renderFaultRules(faultRules, total);
  });
  events.addEventListener('records-cleared', () => {
    state.records = [];
    renderRecords();
  });
}

$('clear-calls').addEventListener('click', (event) => clear('calls', event.currentTarget));
$('clear-executions').addEventListener('click', (event) => clear('executions', event.currentTarget));
$('clear-records').addEventListener('click', (event) => clear('records', event.currentTarget));
$('close-execution').addEventListener('click', () => $('execution-dialog').close());
showCallCount();
showExecutionCount();
renderRecords();
connect();
