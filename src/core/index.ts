// The core's public surface: pure, no `vscode`, no `node:*`.
export * from './types';
export { lint } from './lint';
