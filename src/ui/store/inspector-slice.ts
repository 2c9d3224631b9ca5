import type { StateCreator } from 'zustand/vanilla';
import type { EngineClient, InspectorCall } from '../../worker/engine-client.ts';
import type { CallArgs, CallResult } from '../../worker/protocol.ts';
import type { AppState } from './types.ts';

/** Where the memory and disassembly panels look, and the engine call they look through. */
export interface InspectorSlice {
  /** One of the inspector views (memory, disassembly, screen, address-space map). */
  inspect<K extends InspectorCall>(call: K, args: CallArgs<K>): Promise<CallResult<K>>;
  memoryAt: { address: string; space: 'virtual' | 'physical' };
  showMemory(address: string, space?: 'virtual' | 'physical'): void;
  /** The disassembly's address as typed; null follows RIP. */
  disassemblyAt: string | null;
  showDisassembly(address: string | null): void;
}

export function inspectorSlice(
  client: EngineClient,
): StateCreator<AppState, [], [], InspectorSlice> {
  return (set, get) => ({
    inspect: (call, args) => client.inspect(call, args),
    memoryAt: { address: '', space: 'virtual' },
    showMemory: (address, space) =>
      set({ memoryAt: { address, space: space ?? get().memoryAt.space } }),
    disassemblyAt: null,
    showDisassembly: (address) => set({ disassemblyAt: address }),
  });
}
