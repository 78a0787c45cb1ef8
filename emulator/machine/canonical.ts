// A canonical text form of saved state, so equal states give equal bytes and
// equal hashes whatever order their keys were built in: JSON with object
// keys sorted, typed arrays written as plain arrays and bigints as tagged
// strings. Used for save -> load -> save comparisons and the machine hash.

export function canonicalJson(value: unknown): string {
  return encode(value, '$');
}

function encode(value: unknown, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`saved state at ${path} holds ${value}, which has no canonical form`);
      return JSON.stringify(Object.is(value, -0) ? 0 : value);
    case 'string':
      return JSON.stringify(value);
    case 'bigint':
      return JSON.stringify(`bigint:${value.toString()}`);
    case 'object':
      break;
    default:
      throw new TypeError(`saved state at ${path} holds a ${typeof value}`);
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const items = Array.from(value as unknown as ArrayLike<number | bigint>, (v, i) => encode(v, `${path}[${i}]`));
    return '[' + items.join(',') + ']';
  }
  if (Array.isArray(value)) return '[' + value.map((v, i) => encode(v, `${path}[${i}]`)).join(',') + ']';
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    throw new TypeError(`saved state at ${path} holds a ${proto?.constructor?.name ?? 'non-plain'} object`);
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((k) => record[k] !== undefined)
    .sort();
  return '{' + keys.map((k) => JSON.stringify(k) + ':' + encode(record[k], `${path}.${k}`)).join(',') + '}';
}
