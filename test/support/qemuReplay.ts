// QEMU's record/replay, as gdb reverse-debugs a guest on it (QEMU
// docs/system/replay.rst): the run is recorded under icount with a log
// file, a qcow2 drive holds the initial snapshot that reverse execution
// restores, and the replay serves gdb on a local TCP port. Shared by the
// reverse-stepping peer test and the reverse-stepi benchmark.
import { spawnSync } from 'child_process';
import * as net from 'net';

/** A free TCP port on 127.0.0.1 for QEMU's gdbstub. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/** Creates the qcow2 drive the snapshots go to; the error text, or undefined. */
export function createSnapshotDisk(disk: string): string | undefined {
  const img = spawnSync('qemu-img', ['create', '-f', 'qcow2', disk, '64M'], { encoding: 'utf8' });
  return img.status === 0 ? undefined : `qemu-img create failed: ${(img.stderr || String(img.error)).trim()}`;
}

/** The board with the snapshot drive attached (`-drive if=none`: the guest never sees it). */
export function replayBoardArgs(elf: string, disk: string): string[] {
  return ['-M', 'virt', '-bios', 'none', '-display', 'none', '-monitor', 'none', '-kernel', elf, '-drive', `file=${disk},if=none,id=rr`];
}

/**
 * Python for a gdb script (after `import gdb, time`): defines `connect()`,
 * which attaches to the replay's gdbstub once QEMU listens on `port`.
 */
export function gdbConnectPython(port: number): string {
  return `
def connect():
    gdb.execute("set pagination off")
    gdb.execute("set confirm off")
    for attempt in range(100):
        try:
            gdb.execute("target remote 127.0.0.1:${port}", to_string=True)
            return
        except gdb.error:
            time.sleep(0.1)
    raise Exception("could not connect to QEMU's gdbstub on port ${port}")
`;
}

/** `-icount` for recording or replaying `log` at 1 ns per instruction, with the snapshot taken at start. */
export function icountReplayArgs(mode: 'record' | 'replay', log: string): string[] {
  return ['-icount', `shift=0,rr=${mode},rrfile=${log},rrsnapshot=init`];
}
