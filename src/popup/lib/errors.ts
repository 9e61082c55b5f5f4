/** The message to show a person for anything thrown (worker MessageErrors carry the worker's text). */
export function errorText(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return typeof error === 'string' && error ? error : 'Something went wrong.';
}
