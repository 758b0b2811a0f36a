// What Langium's core (documents, the document builder, cancellation, events) takes from
// vscode-languageserver-protocol. The CLI bundle resolves that package to this module (scripts/bundle.js): the
// protocol package builds every LSP message type when loaded, which the CLI, speaking no LSP, paid at every start.
// A name Langium needs and this module lacks fails the build, not a run.
export { CancellationToken, CancellationTokenSource, Emitter, ResponseError } from 'vscode-jsonrpc';

/** The error codes the LSP specification reserves (3.17), as the protocol package defines them. */
export const LSPErrorCodes = {
    lspReservedErrorRangeStart: -32899,
    RequestFailed: -32803,
    ServerCancelled: -32802,
    ContentModified: -32801,
    RequestCancelled: -32800,
    lspReservedErrorRangeEnd: -32800
} as const;
