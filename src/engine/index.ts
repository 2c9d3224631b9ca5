// The engine: Machine + boot + analysis wired for one session, used by the worker and the CLI.
export { createEngine, SessionEngine } from './session-engine.ts';
export type { CreateEngineResult, EngineOptions } from './session-engine.ts';
export { bootMachine, DEFAULT_ENGINE_RAM } from './boot-machine.ts';
export { parseAddress } from './address-input.ts';
export { tableKey } from './views.ts';
export type * from './views.ts';
