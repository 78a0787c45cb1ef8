// End event: the recorder closed the log cleanly; its icount is the final
// icount of the recording and no byte may follow it. Payload: none.

import { EventBase, EventCodec } from './codec';
import { EventKind } from './kinds';

export interface EndEvent extends EventBase {
  readonly kind: EventKind.End;
}

export const endCodec: EventCodec<EndEvent> = {
  kind: EventKind.End,
  name: 'end',
  check() {
    return undefined;
  },
  encode() {
    // No payload.
  },
  decode(_input, icount) {
    return { kind: EventKind.End, icount };
  },
  describe() {
    return '';
  },
};
