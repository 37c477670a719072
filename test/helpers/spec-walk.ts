import { at, isObject, type Json, type Spec } from '../../src/contract';

export interface ResponseRef {
  path: string;
  method: string;
  status: string;
  response: Record<string, Json>;
}
export interface ExampleRef {
  path: string;
  method: string;
  status: string;
  mediaType: string;
  name: string;
  example: Record<string, Json>;
}

/** Every response of every operation of every path, dereferenced. */
export function responsesOf(spec: Spec): ResponseRef[] {
  const rows: ResponseRef[] = [];
  const paths = at(spec, 'paths');
  for (const path of Object.keys(isObject(paths) ? paths : {})) {
    const item = at(spec, 'paths', path);
    for (const method of Object.keys(isObject(item) ? item : {})) {
      const responses = at(spec, 'paths', path, method, 'responses');
      for (const status of Object.keys(isObject(responses) ? responses : {})) {
        const response = at(spec, 'paths', path, method, 'responses', status);
        if (isObject(response)) rows.push({ path, method, status, response });
      }
    }
  }
  return rows;
}

/** Every named example of every response, with where it sits. */
export function examplesOf(spec: Spec): ExampleRef[] {
  return responsesOf(spec).flatMap(({ path, method, status, response }) =>
    Object.entries(isObject(response.content) ? response.content : {}).flatMap(([mediaType, media]) =>
      Object.entries(isObject(media) && isObject(media.examples) ? media.examples : {}).flatMap(([name, example]) =>
        isObject(example) ? [{ path, method, status, mediaType, name, example }] : [],
      ),
    ),
  );
}
