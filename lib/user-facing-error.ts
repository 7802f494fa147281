/** An expected failure whose message is written for the person who caused it and may be shown as is. */
export class UserFacingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UserFacingError";
  }
}
