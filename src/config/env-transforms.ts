import { Transform } from 'class-transformer';

/** Env strings to numbers; anything not a plain integer stays a string and fails `@IsInt()`. */
export const ToInt = () => Transform(({ value }) => (typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value));

/** `true`/`false`/`1`/`0` to booleans; anything else stays a string and fails `@IsBoolean()`. */
export const ToBoolean = () =>
  Transform(({ value }) => {
    if (typeof value !== 'string') return value;
    const normalised = value.trim().toLowerCase();
    if (normalised === 'true' || normalised === '1') return true;
    if (normalised === 'false' || normalised === '0') return false;
    return value;
  });

/** A comma-separated list, trimmed, empties dropped. */
export const ToList = () =>
  Transform(({ value }) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean)
      : value,
  );

/** Env strings to numbers (decimals allowed); anything else stays a string and fails `@IsNumber()`. */
export const ToFloat = () => Transform(({ value }) => (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value));
