/** A control or state lookup that named something the emulator does not have (control API → 404). */
export class NotFoundError extends Error {}
