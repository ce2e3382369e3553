/** The module a section's first word names (`extruder1` is an extruder, as in Klipper). */
export function moduleOf(section: string): string {
  const word = section.split(/\s+/, 1)[0]!;
  return /^extruder\d+$/.test(word) ? 'extruder' : word;
}
