import { ByteRing, type Field, type FieldIn, type RingBytes } from './byte-ring';
import type { BusinessRecord } from './model';

/**
 * The bound of each business object's records in bytes, besides their count (`limits.records`):
 * a mapped field may hold a whole body, and a thousand of those must not grow without bound.
 */
export const recordStoreBytes = 4 * 1024 * 1024;

/** A record as ring fields (see ByteRing): its ID, its time, then each field's name and value. */
function recordFields(record: BusinessRecord): FieldIn[] {
  const out: FieldIn[] = [record.recId, record.createdAt];
  const fields = record.fields;
  for (const name in fields) out.push(name, fields[name]);
  return out;
}

/** The record written by `recordFields`. */
function readRecord(businessObject: string, fields: readonly Field[]): BusinessRecord {
  const values: Record<string, string> = {};
  for (let i = 2; i + 1 < fields.length; i += 2) values[fields[i] as string] = fields[i + 1] as string;
  return { recId: fields[0] as string, businessObject, createdAt: fields[1] as string, fields: values };
}

/** In-memory business objects (Incident, ...): each keeps its newest `capacity` records, kept as bytes (ByteRing). */
export class RecordStore {
  private readonly objects = new Map<string, ByteRing>();

  constructor(
    private readonly capacity: number,
    private readonly tools?: RingBytes,
    private readonly maxBytes = recordStoreBytes,
  ) {}

  insert(record: BusinessRecord): void {
    let ring = this.objects.get(record.businessObject);
    if (!ring) {
      ring = new ByteRing(this.capacity, this.maxBytes, this.tools);
      this.objects.set(record.businessObject, ring);
    }
    ring.push(recordFields(record));
  }

  /** Oldest first; all business objects, or one. */
  list(businessObject?: string): BusinessRecord[] {
    if (businessObject !== undefined) return this.read(businessObject);
    return [...this.objects.keys()]
      .flatMap((name) => this.read(name))
      .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
  }

  clear(): void {
    this.objects.clear();
  }

  private read(businessObject: string): BusinessRecord[] {
    const ring = this.objects.get(businessObject);
    if (!ring) return [];
    return Array.from({ length: ring.length }, (_, i) => readRecord(businessObject, ring.at(i)));
  }
}
