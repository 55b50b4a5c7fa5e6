/**
 * Formats a number as Python's `'{:.Nf}'.format(x)` does: correctly rounded, ties to even
 * on the exact binary value (JavaScript's `toFixed` breaks exact ties upwards), and
 * `nan`, `inf`, `-inf` for non-finite values. Internal.
 *
 * @param value - the number
 * @param digits - digits after the decimal point
 * @returns the formatted number
 */
export function formatPythonFixed(value: number, digits: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';

  const rounded = value.toFixed(digits);
  const exact = Math.abs(value).toFixed(100);
  const point = exact.indexOf('.');
  const tail = exact.slice(point + 1 + digits);
  if (!/^50*$/.test(tail)) return rounded;

  const kept = exact.slice(0, digits === 0 ? point : point + 1 + digits);
  const lastDigit = Number(kept[kept.length - 1]);
  if (lastDigit % 2 === 1) return rounded;
  return (value < 0 || Object.is(value, -0) ? '-' : '') + kept;
}
