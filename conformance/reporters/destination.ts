import fs from 'node:fs';
import path from 'node:path';
import type { Sink } from './reporter';

/** Where a file reporter writes its document: a file (folders created) or a stream. */
export type Destination = { readonly kind: 'file'; readonly path: string } | { readonly kind: 'stream'; readonly sink: Sink };

export function emit(destination: Destination, text: string): void {
  if (destination.kind === 'stream') {
    destination.sink.write(text);
    return;
  }
  fs.mkdirSync(path.dirname(destination.path), { recursive: true });
  fs.writeFileSync(destination.path, text, 'utf8');
}
