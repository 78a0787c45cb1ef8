// Errors the machine raises for misuse by its caller (never for anything
// the guest does: guest faults are traps, values inside the guest).

/** The machine was asked for something its state does not allow (e.g. run before a program is loaded). */
export class MachineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MachineError';
  }
}

/** A debugger read or write touched memory that is not RAM (or ROM, for reads). */
export class GuestMemoryError extends Error {
  constructor(
    readonly address: number,
    readonly length: number,
    message: string,
  ) {
    super(message);
    this.name = 'GuestMemoryError';
  }
}
