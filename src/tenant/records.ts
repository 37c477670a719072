import type { BusinessRecord } from './model';
import { RingBuffer } from './ring-buffer';

/** In-memory business objects (Incident, ...): each keeps its newest `capacity` records. */
export class RecordStore {
  private readonly objects = new Map<string, RingBuffer<BusinessRecord>>();

  constructor(private readonly capacity: number) {}

  insert(record: BusinessRecord): void {
    let buffer = this.objects.get(record.businessObject);
    if (!buffer) {
      buffer = new RingBuffer<BusinessRecord>(this.capacity);
      this.objects.set(record.businessObject, buffer);
    }
    buffer.push(record);
  }

  /** Oldest first; all business objects, or one. */
  list(businessObject?: string): BusinessRecord[] {
    if (businessObject !== undefined) return this.objects.get(businessObject)?.toArray() ?? [];
    return [...this.objects.values()]
      .flatMap((buffer) => buffer.toArray())
      .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
  }

  clear(): void {
    this.objects.clear();
  }
}
