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

test('a GET gets the inferred 405 with Allow: POST', async () => {
  const res = await request(mock.base()).get(`${path}?extension=MyTestWebhook`).set('Authorization', key);
  expect(res.status).toBe(405);
  expect(res.headers.allow).toBe('POST');
  expect(res.text).toBe(catalogue.get('methodNotAllowed').body);
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
