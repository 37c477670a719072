import { parseRequestTarget } from '../../src/core/request-target';

test.each<[string, string | undefined, string]>([
  ['/api?extension=A', 'A', '/api'],
  ['/api?a=1&extension=B&extension=C', 'B', '/api'],
  ['/api?extension', undefined, '/api'],
  ['/api?extension=&x=1', undefined, '/api'],
  ['/api?extensionx=1&extension=Z', 'Z', '/api'],
  ['/api?&&extension=Q&', 'Q', '/api'],
  ['/api?extension=a=b', 'a=b', '/api'],
  ['/api?x=extension', undefined, '/api'],
  ['/api?extension=My%20Hook', 'My Hook', '/api'],
  ['/api', undefined, '/api'],
])('%s: extension %j, path %s', (target, extension, path) => {
  expect(parseRequestTarget(target)).toMatchObject({ extension, path });
});
