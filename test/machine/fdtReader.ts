// A small flattened-device-tree reader for tests (Devicetree Specification
// v0.3, chapter 5): checks the header and walks the structure block into
// nodes with raw property bytes.
import { strict as assert } from 'assert';

export interface FdtNode {
  readonly path: string;
  readonly props: Map<string, Uint8Array>;
  readonly children: FdtNode[];
}

export interface Fdt {
  readonly header: Record<string, number>;
  readonly root: FdtNode;
  readonly nodes: Map<string, FdtNode>;
}

export function readFdt(blob: Uint8Array): Fdt {
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const names = ['magic', 'totalsize', 'offDtStruct', 'offDtStrings', 'offMemRsvmap', 'version', 'lastCompVersion', 'bootCpuidPhys', 'sizeDtStrings', 'sizeDtStruct'];
  const header: Record<string, number> = {};
  names.forEach((n, i) => (header[n] = view.getUint32(i * 4, false)));
  assert.equal(header.magic, 0xd00dfeed, 'FDT magic');
  const decoder = new TextDecoder();
  const cstring = (at: number): [string, number] => {
    let end = at;
    while (blob[end] !== 0) end++;
    return [decoder.decode(blob.subarray(at, end)), end + 1];
  };
  const nodes = new Map<string, FdtNode>();
  const stack: FdtNode[] = [];
  let root: FdtNode | undefined;
  let p = header.offDtStruct;
  const align = (n: number) => (n + 3) & ~3;
  for (;;) {
    const token = view.getUint32(p, false);
    p += 4;
    if (token === 1) {
      const [name, next] = cstring(p);
      p = align(next);
      const parent = stack[stack.length - 1];
      const path = parent === undefined ? '/' : parent.path === '/' ? `/${name}` : `${parent.path}/${name}`;
      const node: FdtNode = { path, props: new Map(), children: [] };
      if (parent) parent.children.push(node);
      else root = node;
      nodes.set(path, node);
      stack.push(node);
    } else if (token === 2) {
      stack.pop();
    } else if (token === 3) {
      const len = view.getUint32(p, false);
      const nameoff = view.getUint32(p + 4, false);
      p += 8;
      const [name] = cstring(header.offDtStrings + nameoff);
      stack[stack.length - 1].props.set(name, blob.slice(p, p + len));
      p = align(p + len);
    } else if (token === 4) {
      continue;
    } else if (token === 9) {
      break;
    } else {
      throw new Error(`bad FDT token ${token} at ${p - 4}`);
    }
  }
  assert.ok(root, 'FDT has a root node');
  return { header, root, nodes };
}

export function cells(value: Uint8Array): number[] {
  const view = new DataView(value.buffer, value.byteOffset, value.byteLength);
  return Array.from({ length: value.length / 4 }, (_, i) => view.getUint32(i * 4, false));
}

export function strings(value: Uint8Array): string[] {
  return new TextDecoder().decode(value).split('\0').slice(0, -1);
}
