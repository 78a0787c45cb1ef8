// The nondeterministic inputs the board takes from the host, apart from
// console bytes (which enter through the UART's receive at an instruction
// boundary). The emulator never reads host time itself: whoever builds the
// machine passes these in, and the replay layer wraps them to record each
// value at its icount in record mode and to return the logged value in
// replay mode.
export interface HostInputs {
  /** Host wall-clock time in nanoseconds since the Unix epoch (read by the goldfish RTC). */
  wallClockNs(): bigint;
}
