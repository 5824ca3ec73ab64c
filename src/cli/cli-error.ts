/** An expected failure of a CLI command: its message goes to stderr as is and the process exits 1. */
export class CliError extends Error {
  constructor(
    message: string,
    /** Extra lines printed under the message, e.g. one per configuration problem. */
    readonly details: string[] = [],
  ) {
    super(message);
    this.name = 'CliError';
  }
}
