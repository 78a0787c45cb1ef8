// The CPU block of the machine: the RV32IMAC hart (hart.ts) and the shape
// of its saved state. Everything else in emulator/cpu is internal.
export { Hart } from './hart';
export type { HartState, HartCsrState } from './state';
export { HART_STATE_KIND, HART_STATE_VERSION } from './state';
