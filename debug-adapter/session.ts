// The DAP session: maps requests to the time-travel engine and engine events
// to DAP events (the runtime/session split of vscode-mock-debug). Until the
// engine lands (the debug adapter issue), launching answers with a clear error.
import { DebugSession, InitializedEvent } from '@vscode/debugadapter';
import { DebugProtocol } from '@vscode/debugprotocol';

export class RewindSession extends DebugSession {
  protected override initializeRequest(response: DebugProtocol.InitializeResponse): void {
    response.body = {
      // Lets VS Code send configurationDone after breakpoints are set.
      supportsConfigurationDoneRequest: true,
    };
    this.sendResponse(response);
    this.sendEvent(new InitializedEvent());
  }

  protected override launchRequest(response: DebugProtocol.LaunchResponse): void {
    this.sendErrorResponse(response, {
      id: 1001,
      format: 'Rewind cannot launch programs yet: the debug adapter is not implemented in this version.',
      showUser: true,
    });
  }
}
