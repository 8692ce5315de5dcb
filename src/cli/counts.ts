/** Counts as the command line prints them: 1,234 clients, 1 plan. */
export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

export function plural(count: number, noun: string): string {
  return `${formatCount(count)} ${noun}${count === 1 ? '' : 's'}`;
}
