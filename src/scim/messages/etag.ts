// Reading ETag preconditions (RFC 7644 section 3.14, RFC 9110 section 13.1): versions are issued as W/"<n>".
import { ScimError } from '../errors.js';

const TAG = /^\s*(?:W\/)?"(\d+)"\s*$/;

/**
 * The version an If-Match header (or a Bulk operation's `version`) demands, or undefined for none / `*`.
 * An ETag this server never issued can never match: 412.
 */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const match = TAG.exec(header);
  if (!match) throw ScimError.preconditionFailed(`If-Match ${JSON.stringify(header)} does not match the current version`);
  return Number(match[1]);
}

/**
 * The versions an If-Match header lists (RFC 9110 section 13.1.1: a comma-separated list, any of which may match),
 * or undefined for none / `*`. Tags this server never issued are left out; an empty list can never match.
 */
export function parseIfMatchList(header: string | undefined): readonly number[] | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const versions = header.split(',').flatMap((tag) => {
    const match = TAG.exec(tag);
    return match ? [Number(match[1])] : [];
  });
  return [...new Set(versions)];
}

/**
 * RFC 9110 section 13.1.2: If-None-Match uses weak comparison, so `W/"3"` and `"3"` both match version 3;
 * `*` matches any current representation; a list matches when any of its tags does.
 */
export function ifNoneMatchHits(header: string | undefined, version: number): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => {
    const match = TAG.exec(tag);
    return match !== null && Number(match[1]) === version;
  });
}
