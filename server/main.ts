import { startLanguageServer } from 'langium/lsp';
import { NodeFileSystem } from 'langium/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createNetzServices } from './netz-lsp-module.js';

const connection = createConnection(ProposedFeatures.all);
const { shared } = createNetzServices({ connection, ...NodeFileSystem });
startLanguageServer(shared);
