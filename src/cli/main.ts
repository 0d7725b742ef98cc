/** Placeholder: the CLI is being written (issue 3). */
export async function main(_argv: string[]): Promise<number> {
  return 0;
}
