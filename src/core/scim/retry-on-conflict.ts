// Bounded optimistic retry for read-modify-write under a version check (design.md section 6: concurrent writers
// are serialised by ETag or transaction). Only when the client sent no If-Match: with one, 412 is the answer.
import { ScimError } from '../../scim/errors.js';

export const MAX_WRITE_ATTEMPTS = 3;

export async function retryOnConflict<T>(ifMatch: number | undefined, attempt: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      const conflict = error instanceof ScimError && error.status === 412;
      if (!conflict || ifMatch !== undefined) throw error;
      if (tries >= MAX_WRITE_ATTEMPTS) {
        throw ScimError.conflict(`The resource kept changing while this PATCH was applied (${MAX_WRITE_ATTEMPTS} attempts); retry the request`);
      }
    }
  }
}
