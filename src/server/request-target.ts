/**
 * The parts of a request target the pipeline reads, without building a URL object per request.
 * `extension` is the first `extension` query parameter, percent-decoded; an empty one counts as
 * omitted (inferred, contract-facts item 3); a repeated one uses its first value (inferred).
 */
export interface RequestTarget {
  readonly path: string;
  readonly extension: string | undefined;
  readonly query: string;
}

export function parseRequestTarget(url: string): RequestTarget {
  const mark = url.indexOf('?');
  if (mark === -1) return { path: url, extension: undefined, query: '' };
  const query = url.slice(mark + 1);
  const extension = new URLSearchParams(query).get('extension');
  return { path: url.slice(0, mark), extension: extension === null || extension === '' ? undefined : extension, query };
}
