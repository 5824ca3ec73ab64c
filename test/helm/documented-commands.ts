/** Every `helm upgrade` command in a Markdown text, with its backslash-continued lines joined. */
export function helmUpgradeCommands(markdown: string): string[] {
  return [...markdown.replace(/\\\n\s*/g, ' ').matchAll(/^\s*(helm upgrade .*)$/gm)].map(([, command]) => command);
}

/** A Go duration as Helm's `--timeout` takes it (`35m`, `1h30m`, `900s`) in seconds. */
export function durationSeconds(duration: string): number {
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(duration);
  if (!match || !duration) throw new Error(`unsupported duration ${duration}`);
  const [hours, minutes, seconds] = match.slice(1).map((part) => Number(part ?? 0));
  return hours * 3600 + minutes * 60 + seconds;
}

/** The `--timeout` of a Helm command in seconds; Helm's default (5 minutes) when it sets none. */
export function helmTimeoutSeconds(command: string): number {
  const timeout = /--timeout[= ](\S+)/.exec(command)?.[1];
  return timeout ? durationSeconds(timeout) : 300;
}
