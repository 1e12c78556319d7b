// Every audit event (token and member changes, deprovisioning) is also announced here, so the server can log it.
import type { AuditEvent, Store } from '../storage/store.js';

export type AuditListener = (event: AuditEvent) => void;

export class AuditFeed {
  private readonly listeners = new Set<AuditListener>();

  /** Returns the function that stops listening. */
  subscribe(listener: AuditListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The same store, whose audit records are announced once they are written. */
  wrap(store: Store): Store {
    const record = store.audit.record.bind(store.audit);
    const announce = (event: AuditEvent) => {
      for (const listener of this.listeners) listener(event);
    };
    const audit = {
      ...store.audit,
      async record(event: AuditEvent) {
        await record(event);
        announce(event);
      },
    };
    // Stores are plain objects of closures, so a shallow copy with another `audit` is the same store.
    return { ...store, audit };
  }
}
