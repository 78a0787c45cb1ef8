// A tiny GuestRam for the snapshot tests (a byte array with a dirty flag
// per page, set on every write as the machine's writers must), a sample
// machine state, and a fixed-seed PRNG.

import { GuestRam, PAGE_SIZE, SavedState } from '../../emulator/contracts';

export { Prng } from '../replay/helpers';

export class TestRam implements GuestRam {
  readonly base = 0x80000000;
  readonly size: number;
  readonly bytes: Uint8Array;
  readonly dirtyPages: Uint8Array;

  constructor(pages: number) {
    this.size = pages * PAGE_SIZE;
    this.bytes = new Uint8Array(this.size);
    this.dirtyPages = new Uint8Array(pages);
  }

  write(offset: number, value: number): void {
    this.bytes[offset] = value;
    this.dirtyPages[Math.floor(offset / PAGE_SIZE)] = 1;
  }

  /** Writes `count` bytes of `value` from `offset`. */
  fill(offset: number, count: number, value: number): void {
    for (let i = 0; i < count; i++) this.write(offset + i, value);
  }

  /** Gives page `page` contents no other page has (its number in every word). */
  stamp(page: number, salt: number): void {
    for (let i = 0; i < PAGE_SIZE; i += 4) {
      this.write(page * PAGE_SIZE + i, (page + salt) & 0xff);
      this.write(page * PAGE_SIZE + i + 1, ((page + salt) >> 8) & 0xff);
      this.write(page * PAGE_SIZE + i + 2, (salt >> 16) & 0xff);
      this.write(page * PAGE_SIZE + i + 3, 0x5a);
    }
  }
}

export interface TestState extends SavedState {
  readonly kind: 'test-machine';
  readonly version: 1;
  readonly pc: number;
  readonly regs: Int32Array;
  readonly wall: bigint;
  readonly devices: { readonly name: string; readonly level: boolean }[];
}

export function testState(pc: number): TestState {
  const regs = new Int32Array(32);
  for (let i = 1; i < 32; i++) regs[i] = (pc * 31 + i * 0x01010101) | 0;
  return { kind: 'test-machine', version: 1, pc, regs, wall: BigInt(pc) * 1_000_000_007n, devices: [{ name: 'uart0', level: pc % 2 === 0 }] };
}
