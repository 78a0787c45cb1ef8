// End event: the recorder closed the log cleanly; its icount is the final
// icount of the recording and no byte may follow it. Payload: none.

import { EventBase, EventCodec } from './codec';
import { EventKind } from './kinds';

// Read once: hot decode paths then avoid a property lookup per event.
const KIND = EventKind.End;

export interface EndEvent extends EventBase {
  readonly kind: EventKind.End;
}

export const endCodec: EventCodec<EndEvent> = {
  kind: KIND,
  name: 'end',
  check() {
    return undefined;
  },
  encode() {
    // No payload.
  },
  decode(_input, icount) {
    return { kind: KIND, icount };
  },
  describe() {
    return '';
  },
};
