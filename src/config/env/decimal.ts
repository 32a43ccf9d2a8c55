/*
 * Joi's number conversion, kept so that what was refused before the move to zod still is: a decimal
 * string (spaces around, an exponent allowed; not hex, not empty) that a double holds exactly.
 * "1.0000000000000000001" would otherwise become 1, and "9007199254740993" a neighbour.
 */
const DECIMAL = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?\s*$/i;

export interface Decimal {
  value: number;
  safe: boolean;
}

/** null when `text` is not a decimal number at all. */
export function parseDecimal(text: string): Decimal | null {
  if (!DECIMAL.test(text)) return null;
  const trimmed = text.trim();
  const value = Number(trimmed) + 0; // -0 → 0, as Joi
  return { value, safe: Math.abs(value) <= Number.MAX_SAFE_INTEGER && exact(trimmed, String(value)) };
}

function exact(written: string, held: string): boolean {
  if (/e/i.test(written)) return significantDigits(written) === significantDigits(held);
  return /e/i.test(held) || held === normalized(written);
}

const significantDigits = (text: string) =>
  text
    .replace(/[eE][+-]?\d+$/, '')
    .replace('.', '')
    .replace(/0+$/, '')
    .replace(/^[+-]?0*/, '');

/** The decimal as String(number) writes it: no "+", no leading or trailing zeros, no bare ".". */
function normalized(text: string): string {
  let result = text
    .replace(/^\+/, '')
    .replace(/\.0*$/, '')
    .replace(/^(-?)\.([^.]*)$/, '$10.$2')
    .replace(/^(-?)0+(\d)/, '$1$2');
  if (result.includes('.')) result = result.replace(/0+$/, '');
  return result === '-0' ? '0' : result;
}
