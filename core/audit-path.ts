import { maskIdentifier } from './masking.ts';

/** Collections whose next path segment names a person (or, for repos, their repository). */
const PERSONAL_COLLECTIONS = new Set([
  'users',
  'customers',
  'members',
  'outside_collaborators',
  'collaborators',
  'profiles',
  'people',
  'contacts',
  'visitors',
]);
const API_WORD = /^(v\d+[a-z]*\d*|[a-z][a-z]*([_-][a-z]+)*)$/;

/**
 * The form of a vendor URL path that the audit trail keeps: API words stay, while
 * anything that may identify a person (a segment after a people collection, or one
 * with digits, capitals or escapes) is masked. Query strings are never kept.
 */
export function auditPath(pathname: string): string {
  const segments = pathname.split('/');
  return segments
    .map((segment, index) => {
      if (segment === '') return segment;
      const previous = segments[index - 1] ?? '';
      const beforePrevious = segments[index - 2] ?? '';
      const personal =
        PERSONAL_COLLECTIONS.has(previous) || previous === 'repos' || beforePrevious === 'repos';
      if (!personal && API_WORD.test(segment)) return segment;
      return maskIdentifier(decodeURIComponent(segment));
    })
    .join('/');
}
