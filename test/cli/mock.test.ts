import request from 'supertest';
import { loadContract } from '../../src/contract';
import { usePrismMock } from '../helpers/prism';

// Starts the pinned Prism through `ism-webhooks mock --port 0` and checks it answers as the spec says.
const { catalogue } = loadContract();
const path = catalogue.path;
const key = 'rest_api_key=0123456789ABCDEF0123456789ABCDEF';

const mock = usePrismMock();

test('a request without Authorization gets the documented 401 body', async () => {
  const res = await request(mock.base()).post(`${path}?extension=MyTestWebhook`).set('Content-Type', 'application/json').send('{}');
  expect(res.status).toBe(401);
  expect(res.text).toBe(catalogue.get('invalidApiKey').body);
});

test('a request without extension gets the documented missing-extension body', async () => {
  const res = await request(mock.base()).post(path).set('Authorization', key).set('Content-Type', 'application/json').send('{}');
  expect(res.status).toBe(400);
  expect(res.text).toBe(catalogue.get('missingExtension').body);
});

// The method rule is the spec's x-other-methods (docs/decisions.md #25), which Prism does not
// read: it answers its own 405, without Allow (docs/mock.md, "Where the Prism mock differs").
test.each(['GET', 'OPTIONS'])("a %s gets a 405 (Prism's own body)", async (method) => {
  const res = await request(mock.base())[method === 'GET' ? 'get' : 'options'](`${path}?extension=MyTestWebhook`).set('Authorization', key);
  expect(res.status).toBe(405);
  expect(res.headers['content-type']).toBe('application/problem+json');
});

test('a CORS preflight gets the 405 too, not a 204 (mock runs Prism with --cors=false)', async () => {
  const res = await request(mock.base())
    .options(`${path}?extension=MyTestWebhook`)
    .set('Origin', 'http://localhost:5173')
    .set('Access-Control-Request-Method', 'POST');
  expect(res.status).toBe(405);
  expect(res.headers['access-control-allow-origin']).toBeUndefined();
});

test.each([
  ['an XML document', 'application/xml', '<Incident><Subject>x</Subject></Incident>', 200],
  ['the XML example as text/xml', 'text/xml', '<Incident/>', 200],
  ["a text that cannot be XML (XmlWebhookBody's pattern)", 'application/xml', 'Printer on floor 3', 400],
])('%s as %s to the XML webhook gets %s', async (_label, contentType, text, status) => {
  const res = await request(mock.base())
    .post(`${path}?extension=MyXmlWebhook`)
    .set('Authorization', key)
    .set('Content-Type', contentType)
    .send(text);
  expect(res.status).toBe(status);
});

const badRequests = [...catalogue.answers.values()].filter((answer) => answer.status === 400);

test.each(badRequests.map((answer) => [answer.name, answer.provenance, answer] as const))(
  'Prefer: code=400, example=%s returns that example (%s)',
  async (name, _provenance, answer) => {
    const res = await request(mock.base())
      .post(`${path}?extension=MyTestWebhook`)
      .set('Authorization', key)
      .set('Content-Type', 'application/json')
      .set('Prefer', `code=400, example=${name}`)
      .send('{"Subject":"x"}');
    expect(res.status).toBe(400);
    expect(res.text).toBe(answer.body);
  },
);

test('the documented 400 examples are all among those checked', () => {
  expect(
    badRequests
      .filter((answer) => answer.provenance === 'documented')
      .map((answer) => answer.name)
      .sort(),
  ).toEqual(['bodyTooLong', 'extensionDoesNotExist', 'missingExtension', 'nonExistentWebhook']);
});
