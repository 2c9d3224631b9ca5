export { EngineClient } from './engine-client.ts';
export type { Transport } from './engine-client.ts';
export { createInProcessClient } from './in-process-client.ts';
export { PROTOCOL_VERSION } from './protocol.ts';
export type * from './protocol.ts';
