/** A display filter that cannot be parsed or compiled; `position` is the 0-based offset in the text. */
export class FilterError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
    this.name = 'FilterError';
  }
}
