// The Timeline view in Run and Debug: the recording as a bar with the cursor
// and markers for snapshots, inputs, interrupts, traps and breakpoint hits,
// and the list of events below. Click or drag on the bar, or click an event,
// to seek. The geometry is computed here (timelineLayout.ts); the webview
// (media/timeline.js) only draws what it is sent and reports clicks.
import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import { CommandIds } from './commandIds';
import { formatIcount, modeLabel } from './format';
import { programName } from './elfDiscovery';
import { parseStatusBody, Requests, TimelineEvent } from './protocol';
import type { SessionTracker, TrackedSession } from './sessionTracker';
import { currentEventRange, fractionOf, icountAt, IndexRange, layoutMarkers, Marker, relativeTo, rowWindow } from './timelineLayout';
import { fetchTimeline } from './timelinePaging';

/** The list draws at most this many rows; the bar shows every event fetched. */
const MAX_ROWS = 500;
/** Events fetched per `rewind/timeline` request, and in all. */
const PAGE = 1000;
const MAX_EVENTS = 20000;

/** What the webview draws; the message format of media/timeline.js. */
export interface TimelineState {
  session: { program: string; mode: string; live: boolean } | null;
  cursor: { icount: number; fraction: number; label: string } | null;
  lengthLabel: string;
  markers: Marker[];
  rows: { icount: number; icountLabel: string; kind: string; description: string }[];
  /** The rows (indices into `rows`) of the events at the cursor: all the events at the icount of the last event at or before it. */
  current: IndexRange;
  note: string;
}

type FromWebview =
  | { type: 'ready' }
  | { type: 'seekFraction'; fraction: number }
  | { type: 'seekIcount'; icount: number }
  | { type: 'command'; command: string };

/** The commands the empty view's buttons may run. */
const WEBVIEW_COMMANDS = new Set<string>([CommandIds.recordProgram, CommandIds.replayRecording]);

class TimelineProvider implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;
  private events: TimelineEvent[] = [];
  private eventsTotal = 0;
  private program = '';
  /** What the fetched events belong to; a different key means fetch again. */
  private fetchedFor = '';
  private fetching: Promise<void> | undefined;
  private error = '';
  private breakpointsChanged = 0;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly tracker: SessionTracker,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    view.webview.options = { enableScripts: true, localResourceRoots: [media] };
    view.webview.html = this.html(view.webview, media);
    view.webview.onDidReceiveMessage((m: FromWebview) => void this.onMessage(m));
    view.onDidChangeVisibility(() => this.refresh());
    view.onDidDispose(() => {
      this.view = undefined;
    });
  }

  /** Called whenever the active session or its position changed. */
  refresh(): void {
    if (!this.view?.visible) return;
    const t = this.tracker.active;
    const key = t?.position ? `${t.session.id}/${t.position.length}/${this.breakpointsChanged}` : '';
    if (t?.position && key !== this.fetchedFor && !this.fetching) {
      this.fetching = this.fetch(t, key).finally(() => {
        this.fetching = undefined;
        this.refresh();
      });
    }
    void this.view.webview.postMessage({ type: 'state', state: this.state(t) });
  }

  onBreakpointsChanged(): void {
    this.breakpointsChanged += 1;
    this.refresh();
  }

  private async fetch(t: TrackedSession, key: string): Promise<void> {
    try {
      if (this.fetchedFor.split('/')[0] !== t.session.id) {
        this.program = programName(parseStatusBody(await t.session.customRequest(Requests.status)).program);
      }
      const { events, total } = await fetchTimeline((args) => t.session.customRequest(Requests.timeline, args), PAGE, MAX_EVENTS);
      this.events = events;
      this.eventsTotal = total;
      this.error = '';
    } catch (e) {
      this.events = [];
      this.eventsTotal = 0;
      this.error = `The adapter did not give the timeline: ${e instanceof Error ? e.message : String(e)}`;
    }
    this.fetchedFor = key;
  }

  private state(t: TrackedSession | undefined): TimelineState {
    const p = t?.position;
    if (!t || !p) {
      return {
        session: null, cursor: null, lengthLabel: '', markers: [], rows: [], current: { start: 0, end: 0 },
        note: t ? 'Starting the session…' : 'No Rewind session. Record a program or replay a recording to see its timeline.',
      };
    }
    const current = currentEventRange(this.events, p.icount);
    const window = rowWindow(this.events.length, current.start < current.end ? current.start : -1, MAX_ROWS);
    const rows = this.events.slice(window.start, window.end).map((e) => ({
      icount: e.icount, icountLabel: formatIcount(e.icount), kind: e.kind, description: e.description,
    }));
    const shown = this.events.length < this.eventsTotal ? `first ${formatIcount(this.events.length)} of ` : '';
    return {
      session: { program: this.program || programName(String(t.session.configuration.program ?? t.session.name)), mode: modeLabel(p.mode), live: p.live },
      cursor: { icount: p.icount, fraction: fractionOf(p.icount, p.length), label: formatIcount(p.icount) },
      lengthLabel: formatIcount(p.length),
      markers: layoutMarkers(this.events, p.length),
      rows,
      current: relativeTo(current, window),
      note: this.error || `${shown}${formatIcount(this.eventsTotal)} event${this.eventsTotal === 1 ? '' : 's'}`,
    };
  }

  private async onMessage(m: FromWebview): Promise<void> {
    try {
      if (m.type === 'ready') {
        this.refresh();
        return;
      }
      if (m.type === 'command') {
        if (WEBVIEW_COMMANDS.has(m.command)) await vscode.commands.executeCommand(m.command);
        return;
      }
      const t = this.tracker.active;
      if (!t?.position) return;
      const icount = m.type === 'seekFraction' ? icountAt(m.fraction, t.position.length) : m.icount;
      if (!Number.isSafeInteger(icount) || icount < 0) return;
      await t.session.customRequest(Requests.seek, { icount });
    } catch (e) {
      void vscode.window.showErrorMessage(e instanceof Error ? e.message : String(e));
    }
  }

  private html(webview: vscode.Webview, media: vscode.Uri): string {
    const nonce = makeNonce();
    const css = webview.asWebviewUri(vscode.Uri.joinPath(media, 'timeline.css'));
    const js = webview.asWebviewUri(vscode.Uri.joinPath(media, 'timeline.js'));
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${webview.cspSource}; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${css.toString()}">
<title>Rewind Timeline</title>
</head>
<body>
<div id="timeline" data-commands="${[...WEBVIEW_COMMANDS].join(' ')}"></div>
<script nonce="${nonce}" src="${js.toString()}"></script>
</body>
</html>`;
  }
}

function makeNonce(): string {
  return randomBytes(18).toString('base64').replace(/[^A-Za-z0-9]/g, '');
}

export function registerTimelineView(context: vscode.ExtensionContext, tracker: SessionTracker, viewId: string): vscode.Disposable {
  const provider = new TimelineProvider(context.extensionUri, tracker);
  return vscode.Disposable.from(
    vscode.window.registerWebviewViewProvider(viewId, provider),
    tracker.onDidChange(() => provider.refresh()),
    vscode.debug.onDidChangeBreakpoints(() => provider.onBreakpointsChanged()),
  );
}
