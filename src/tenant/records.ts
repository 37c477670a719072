import { BoundedLog, textSize } from './bounded-log';
import type { BusinessRecord } from './model';

/**
 * The bound of each business object's records, as estimated (`textSize`), besides their count
 * (`limits.records`): a mapped field may hold a whole body, and a thousand of those must not grow
 * without bound.
 */
export const recordStoreSize = 4 * 1024 * 1024;

/** What a record is counted as: its ID, its time and its fields' names and values. */
export function recordSize(record: BusinessRecord): number {
  let size = textSize(record.recId, record.createdAt);
  for (const name in record.fields) size += name.length + (record.fields[name] as string).length;
  return size;
}

/** In-memory business objects (Incident, ...): each keeps its newest `capacity` records. */
export class RecordStore {
  private readonly objects = new Map<string, BoundedLog<BusinessRecord>>();

  constructor(
    private readonly capacity: number,
    private readonly maxSize = recordStoreSize,
  ) {}

  insert(record: BusinessRecord): void {
    let log = this.objects.get(record.businessObject);
    if (!log) {
      log = new BoundedLog(this.capacity, this.maxSize);
      this.objects.set(record.businessObject, log);
    }
    log.push(record, recordSize(record));
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
    const log = this.objects.get(businessObject);
    if (!log) return [];
    return Array.from({ length: log.length }, (_, i) => ({ ...log.at(i), fields: { ...log.at(i).fields } }));
  }
}
