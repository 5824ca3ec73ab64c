import { randomBytes } from 'node:crypto';
import { Matches } from 'class-validator';
import slugify from 'slugify';

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A URL slug: lower-case letters, digits and single hyphens. */
export const IsSlug = () => Matches(SLUG_PATTERN, { message: ({ property }) => `${property} must be lower-case letters, digits and single hyphens` });

/** A slug from a display name ("Café Tables & Chairs" → "cafe-tables-and-chairs"), at most `maxLength` long. */
export function slugFrom(name: string, maxLength: number): string {
  const slug = slugify(name, { lower: true, strict: true, trim: true }).slice(0, maxLength).replace(/-+$/, '');
  return slug || 'item';
}

/** The same slug with a short random suffix, for when the plain one is taken. */
export function withSuffix(slug: string, maxLength: number): string {
  const suffix = randomBytes(3).toString('hex');
  return `${slug.slice(0, maxLength - suffix.length - 1).replace(/-+$/, '')}-${suffix}`;
}
