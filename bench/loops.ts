/**
 * The two loop workloads every x86 emulator is compared on (see the README's figures):
 * machine code assembled by hand, entered at CODE with RCX = iterations.
 */

/** add rax,rbx; xor rdx,rax; add rsi,0x1234; sub rdi,rax; dec rcx; jnz: 6 instructions. */
export const REGISTER_LOOP = {
  name: 'register loop',
  perIteration: 6,
  code: [
    0x48, 0x01, 0xd8, // add rax, rbx
    0x48, 0x31, 0xc2, // xor rdx, rax
    0x48, 0x81, 0xc6, 0x34, 0x12, 0x00, 0x00, // add rsi, 0x1234
    0x48, 0x29, 0xc7, // sub rdi, rax
    0x48, 0xff, 0xc9, // dec rcx
    0x75, 0xeb, // jnz loop (-21)
    0xf4, // hlt
  ],
}; // prettier-ignore

/**
 * mov rax,[rbp]; add rax,[rbp+8]; mov [rbp+16],rax; add rbx,rax; xor rdx,rbx; inc r8;
 * dec rcx; jnz: 8 instructions with 2 loads and 1 store.
 */
export const MEMORY_LOOP = {
  name: 'memory loop',
  perIteration: 8,
  code: [
    0x48, 0x8b, 0x45, 0x00, // mov rax, [rbp]
    0x48, 0x03, 0x45, 0x08, // add rax, [rbp+8]
    0x48, 0x89, 0x45, 0x10, // mov [rbp+16], rax
    0x48, 0x01, 0xc3, // add rbx, rax
    0x48, 0x31, 0xda, // xor rdx, rbx
    0x49, 0xff, 0xc0, // inc r8
    0x48, 0xff, 0xc9, // dec rcx
    0x75, 0xe6, // jnz loop (-26)
    0xf4, // hlt
  ],
}; // prettier-ignore

export type LoopWorkload = typeof REGISTER_LOOP;
