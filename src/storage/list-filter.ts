// The filter a list query carries to storage: for now the equality forms IdPs send first
// (userName, externalId, displayName, id); the full checked filter AST replaces it.

export interface ListFilter {
  readonly kind: 'eq';
  readonly attribute: 'id' | 'userName' | 'externalId' | 'displayName';
  readonly value: string;
}
