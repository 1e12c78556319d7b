// Page sizes of RFC 7644 section 3.4.2.4, advertised in ServiceProviderConfig (filter.maxResults, pagination).
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;
